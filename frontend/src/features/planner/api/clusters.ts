import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, type ApiQuery } from "../../../api/client";

export type ClusterOrderField = "name" | "keywords_count" | "volume" | "avg_difficulty" | "created_at";
export type ClusterOrdering = ClusterOrderField | `-${ClusterOrderField}`;

export interface ClusterListParams {
  search: string;
  page: number;
  pageSize: number;
  ordering: ClusterOrdering | null;
  siteId: number | null;
  sectorId: number | null;
}

type ListQuery = ApiQuery<"/api/v1/planner/clusters/", "get">;

export function clusterListQuery(params: ClusterListParams): ListQuery {
  return {
    site_id: params.siteId ?? undefined,
    sector_id: params.sectorId ?? undefined,
    search: params.search.trim() || undefined,
    page: params.page,
    page_size: params.pageSize,
    ordering: params.ordering ?? undefined,
  };
}

export const clustersQueryOptions = (params: ClusterListParams) =>
  queryOptions({
    queryKey: ["planner", "clusters", "list", clusterListQuery(params)] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/planner/clusters/", { query: clusterListQuery(params), signal }),
    enabled: params.siteId !== null,
    placeholderData: keepPreviousData,
  });

export function useClusters(params: ClusterListParams) {
  return useQuery(clustersQueryOptions(params));
}
