import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const sectorsQueryOptions = (siteId: number | null) =>
  queryOptions({
    queryKey: ["sectors", "list", siteId] as const,
    queryFn: ({ signal }) =>
      api("get", "/api/v1/auth/sectors/", { query: { page_size: 200, ordering: "name", site_id: siteId ?? undefined }, signal }),
    enabled: siteId !== null,
    staleTime: 60_000,
  });

export function useSectors(siteId: number | null) {
  return useQuery(sectorsQueryOptions(siteId));
}
