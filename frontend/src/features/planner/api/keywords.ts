import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, type ApiQuery } from "../../../api/client";
import type { KeywordIntent, KeywordStatus } from "../../../api/types";

export type KeywordOrderField = "keyword" | "search_volume" | "difficulty" | "cpc" | "intent" | "status" | "created_at";
export type KeywordOrdering = KeywordOrderField | `-${KeywordOrderField}`;

export interface KeywordFilters {
  search: string;
  status: KeywordStatus | "";
  intent: KeywordIntent | "";
  /** Cluster id, or "none" for unclustered keywords. */
  cluster: string;
  volumeMin: string;
  volumeMax: string;
}

export interface KeywordListParams extends KeywordFilters {
  page: number;
  pageSize: number;
  ordering: KeywordOrdering | null;
  siteId: number | null;
  sectorId: number | null;
}

export const EMPTY_FILTERS: KeywordFilters = {
  search: "",
  status: "",
  intent: "",
  cluster: "",
  volumeMin: "",
  volumeMax: "",
};

type ListQuery = ApiQuery<"/api/v1/planner/keywords/", "get">;

const intOrUndefined = (value: string) => (value.trim() === "" || Number.isNaN(Number(value)) ? undefined : Number(value));

/** Filters only (what export and "cluster all" share with the list). */
export function keywordFilterQuery(params: Omit<KeywordListParams, "page" | "pageSize" | "ordering">): ListQuery {
  return {
    site_id: params.siteId ?? undefined,
    sector_id: params.sectorId ?? undefined,
    search: params.search.trim() || undefined,
    status: params.status || undefined,
    intent: params.intent || undefined,
    cluster: params.cluster || undefined,
    volume_min: intOrUndefined(params.volumeMin),
    volume_max: intOrUndefined(params.volumeMax),
  };
}

/** The query string the keywords list is asked with: server-side page, size, sort and filters. */
export function keywordListQuery(params: KeywordListParams): ListQuery {
  return {
    ...keywordFilterQuery(params),
    page: params.page,
    page_size: params.pageSize,
    ordering: params.ordering ?? undefined,
  };
}

export const keywordsQueryOptions = (params: KeywordListParams) =>
  queryOptions({
    queryKey: ["planner", "keywords", "list", keywordListQuery(params)] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/planner/keywords/", { query: keywordListQuery(params), signal }),
    enabled: params.siteId !== null,
    placeholderData: keepPreviousData,
  });

export function useKeywords(params: KeywordListParams) {
  return useQuery(keywordsQueryOptions(params));
}
