import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("delete", "/api/v1/auth/users/{id}/", { path: { id } }),
    onSuccess: () => {
      void refreshQueries(queryClient, ["settings", "members"]);
      void refreshQueries(queryClient, ["settings", "site-access"]);
    },
  });
}
