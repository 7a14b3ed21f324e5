import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";

export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("delete", "/api/v1/auth/users/{id}/", { path: { id } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["settings", "members"] });
      void queryClient.invalidateQueries({ queryKey: ["settings", "site-access"] });
    },
  });
}
