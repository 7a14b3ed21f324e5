import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { SiteRequest } from "../../../api/types";
import { refreshQueries } from "../../../api/refresh";

export function useCreateSite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SiteRequest) => api("post", "/api/v1/auth/sites/", { body }),
    onSuccess: () => refreshQueries(queryClient, ["sites"]),
  });
}
