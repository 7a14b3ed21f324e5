import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, type ApiQuery } from "../../../api/client";

export interface TaskListParams {
  page: number;
  pageSize: number;
  siteId: number | null;
  sectorId: number | null;
}

type ListQuery = ApiQuery<"/api/v1/writer/tasks/", "get">;

export function taskListQuery(params: TaskListParams): ListQuery {
  return {
    site_id: params.siteId ?? undefined,
    sector_id: params.sectorId ?? undefined,
    page: params.page,
    page_size: params.pageSize,
  };
}

export const tasksQueryOptions = (params: TaskListParams) =>
  queryOptions({
    queryKey: ["writer", "tasks", "list", taskListQuery(params)] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/writer/tasks/", { query: taskListQuery(params), signal }),
    enabled: params.siteId !== null,
    placeholderData: keepPreviousData,
  });

export function useTasks(params: TaskListParams) {
  return useQuery(tasksQueryOptions(params));
}
