import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useDeleteSite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("delete", "/api/v1/auth/sites/{id}/", { path: { id } }),
    onSuccess: () => {
      void refreshQueries(queryClient, ["sites"]);
      void refreshQueries(queryClient, ["sectors"]);
      void refreshQueries(queryClient, ["settings", "site-access"]);
    },
  });
}
