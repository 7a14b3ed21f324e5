import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const rulesQueryOptions = (siteId: number | null) =>
  queryOptions({
    queryKey: ["automation", "rules", "list", siteId] as const,
    queryFn: ({ signal }) =>
      api("get", "/api/v1/automation/rules/", {
        query: { site_id: siteId ?? undefined, page_size: 100, ordering: "created_at" },
        signal,
      }),
    enabled: siteId !== null,
  });

/** The site's rules (all sectors; a site has at most a few dozen). */
export function useRules(siteId: number | null) {
  return useQuery(rulesQueryOptions(siteId));
}
