import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useDeleteIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("delete", "/api/v1/integration/{id}/", { path: { id } }),
    onSuccess: () => refreshQueries(queryClient, ["integrations", "list"]),
  });
}
