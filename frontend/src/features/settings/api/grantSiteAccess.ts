import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useGrantSiteAccess() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { user: number; site: number }) => api("post", "/api/v1/auth/site-access/", { body }),
    onSuccess: () => {
      void refreshQueries(queryClient, ["settings", "site-access"]);
      void refreshQueries(queryClient, ["settings", "members"]);
    },
  });
}
