import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

/** The first page of one cluster's keywords (the drill-down panel). */
export const clusterKeywordsQueryOptions = (clusterId: number) =>
  queryOptions({
    queryKey: ["planner", "keywords", "cluster", clusterId] as const,
    queryFn: ({ signal }) =>
      api("get", "/api/v1/planner/keywords/", {
        query: { cluster: String(clusterId), page_size: 100, ordering: "-search_volume" },
        signal,
      }),
  });

export function useClusterKeywords(clusterId: number) {
  return useQuery(clusterKeywordsQueryOptions(clusterId));
}
