import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, type ApiQuery } from "../../../api/client";
import type { ContentStatus } from "../types";

export interface ContentListParams {
  status: ContentStatus | "";
  search: string;
  page: number;
  pageSize: number;
  siteId: number | null;
  sectorId: number | null;
}

type ListQuery = ApiQuery<"/api/v1/writer/content/", "get">;

export function contentListQuery(params: ContentListParams): ListQuery {
  return {
    site_id: params.siteId ?? undefined,
    sector_id: params.sectorId ?? undefined,
    status: params.status || undefined,
    search: params.search.trim() || undefined,
    ordering: "-updated_at",
    page: params.page,
    page_size: params.pageSize,
  };
}

export const contentsQueryOptions = (params: ContentListParams) =>
  queryOptions({
    queryKey: ["writer", "content", "list", contentListQuery(params)] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/writer/content/", { query: contentListQuery(params), signal }),
    enabled: params.siteId !== null,
    placeholderData: keepPreviousData,
  });

export function useContents(params: ContentListParams) {
  return useQuery(contentsQueryOptions(params));
}
