import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";

export function useRevokeSiteAccess() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("delete", "/api/v1/auth/site-access/{id}/", { path: { id } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["settings", "site-access"] });
      void queryClient.invalidateQueries({ queryKey: ["settings", "members"] });
    },
  });
}
