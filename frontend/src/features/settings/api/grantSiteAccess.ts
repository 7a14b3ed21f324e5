import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";

export function useGrantSiteAccess() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { user: number; site: number }) => api("post", "/api/v1/auth/site-access/", { body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["settings", "site-access"] });
      void queryClient.invalidateQueries({ queryKey: ["settings", "members"] });
    },
  });
}
