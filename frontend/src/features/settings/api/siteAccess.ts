import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const siteAccessQueryOptions = () =>
  queryOptions({
    queryKey: ["settings", "site-access"] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/auth/site-access/", { query: { page_size: 500 }, signal }),
  });

export function useSiteAccess(enabled = true) {
  return useQuery({ ...siteAccessQueryOptions(), enabled });
}
