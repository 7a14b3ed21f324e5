import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useRevokeSiteAccess() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("delete", "/api/v1/auth/site-access/{id}/", { path: { id } }),
    onSuccess: () => {
      void refreshQueries(queryClient, ["settings", "site-access"]);
      void refreshQueries(queryClient, ["settings", "members"]);
    },
  });
}
