import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, type ApiQuery } from "../../../api/client";
import { isActiveRun, type RunStatus } from "../types";

export interface RunListParams {
  siteId: number | null;
  page: number;
  pageSize: number;
  rule?: number | null;
  status?: RunStatus | null;
}

type ListQuery = ApiQuery<"/api/v1/automation/runs/", "get">;

export function runListQuery(p: RunListParams): ListQuery {
  return {
    site_id: p.siteId ?? undefined,
    page: p.page,
    page_size: p.pageSize,
    rule: p.rule ?? undefined,
    status: p.status ?? undefined,
  };
}

export const runsQueryOptions = (p: RunListParams, pollMs?: number) =>
  queryOptions({
    queryKey: ["automation", "runs", "list", runListQuery(p)] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/automation/runs/", { query: runListQuery(p), signal }),
    enabled: p.siteId !== null,
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      pollMs === undefined ? false : query.state.data?.results.some((r) => isActiveRun(r)) ? pollMs : pollMs * 5,
  });

/** Runs, newest first. With `pollMs`: polled that often while a run is active, 5× slower otherwise. */
export function useRuns(p: RunListParams, pollMs?: number) {
  return useQuery(runsQueryOptions(p, pollMs));
}
