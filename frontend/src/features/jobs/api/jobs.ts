import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const recentJobsQueryOptions = (pageSize = 10) =>
  queryOptions({
    queryKey: ["jobs", "recent", pageSize] as const,
    queryFn: ({ signal }) =>
      api("get", "/api/v1/system/jobs/", { query: { ordering: "-updated_at", page_size: pageSize }, signal }),
    refetchInterval: 15_000,
  });

export function useRecentJobs(pageSize?: number) {
  return useQuery(recentJobsQueryOptions(pageSize));
}
