import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, type ApiQuery } from "../../../api/client";
import type { ContentType, IdeaStatus } from "../../../api/types";

export interface IdeaListParams {
  status: IdeaStatus | "";
  contentType: ContentType | "";
  page: number;
  pageSize: number;
  siteId: number | null;
  sectorId: number | null;
}

type ListQuery = ApiQuery<"/api/v1/planner/ideas/", "get">;

export function ideaListQuery(params: IdeaListParams): ListQuery {
  return {
    site_id: params.siteId ?? undefined,
    sector_id: params.sectorId ?? undefined,
    status: params.status || undefined,
    content_type: params.contentType || undefined,
    page: params.page,
    page_size: params.pageSize,
  };
}

export const ideasQueryOptions = (params: IdeaListParams) =>
  queryOptions({
    queryKey: ["planner", "ideas", "list", ideaListQuery(params)] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/planner/ideas/", { query: ideaListQuery(params), signal }),
    enabled: params.siteId !== null,
    placeholderData: keepPreviousData,
  });

export function useIdeas(params: IdeaListParams) {
  return useQuery(ideasQueryOptions(params));
}
