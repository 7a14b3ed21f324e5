import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("delete", "/api/v1/automation/rules/{id}/", { path: { id } }),
    onSuccess: () => refreshQueries(queryClient, ["automation", "rules"]),
  });
}
