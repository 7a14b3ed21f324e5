import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { components } from "../../../api/schema";

export type Usage = components["schemas"]["Usage"];
export type UsageByDay = components["schemas"]["UsageByDay"];

export interface UsageParams {
  /** YYYY-MM-DD, inclusive. */
  start: string;
  end: string;
  siteId: number | null;
}

export const usageQueryOptions = (params: UsageParams) =>
  queryOptions({
    queryKey: ["billing", "usage", params] as const,
    queryFn: ({ signal }) =>
      api("get", "/api/v1/billing/usage/", {
        query: { start: params.start, end: params.end, site_id: params.siteId ?? undefined },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

export function useUsage(params: UsageParams) {
  return useQuery(usageQueryOptions(params));
}
