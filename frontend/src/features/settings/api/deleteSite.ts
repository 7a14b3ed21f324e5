import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";

export function useDeleteSite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("delete", "/api/v1/auth/sites/{id}/", { path: { id } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["sites"] });
      void queryClient.invalidateQueries({ queryKey: ["sectors"] });
      void queryClient.invalidateQueries({ queryKey: ["settings", "site-access"] });
    },
  });
}
