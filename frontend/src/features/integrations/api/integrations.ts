import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const integrationsKey = (siteId: number | null) => ["integrations", "list", siteId] as const;

export const integrationsQueryOptions = (siteId: number | null) =>
  queryOptions({
    queryKey: integrationsKey(siteId),
    queryFn: ({ signal }) =>
      api("get", "/api/v1/integration/", {
        query: { ...(siteId !== null ? { site_id: siteId } : {}), page_size: 100, ordering: "created_at" },
        signal,
      }),
    // While a sync is queued or running, keep its status current.
    refetchInterval: (query) =>
      query.state.data?.results.some((i) => i.sync_status === "pending" || i.sync_status === "running") ? 5000 : false,
  });

/** The site's integrations (every member reads them; admins manage them). */
export function useIntegrations(siteId: number | null) {
  return useQuery({ ...integrationsQueryOptions(siteId), enabled: siteId !== null });
}
