import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

/** The site's publishing destinations (for the publish action's "Publish to"). */
export const integrationsQueryOptions = (siteId: number | null) =>
  queryOptions({
    queryKey: ["automation", "integrations", siteId] as const,
    queryFn: ({ signal }) =>
      api("get", "/api/v1/integration/", { query: { site_id: siteId ?? undefined, page_size: 100 }, signal }),
    enabled: siteId !== null,
  });

export function useIntegrations(siteId: number | null) {
  return useQuery(integrationsQueryOptions(siteId));
}
