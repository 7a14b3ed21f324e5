import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { isActiveRun } from "../types";

export const runQueryOptions = (id: number, pollMs = 1500) =>
  queryOptions({
    queryKey: ["automation", "runs", "detail", id] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/automation/runs/{id}/", { path: { id }, signal }),
    // Poll while the run is queued, running or paused.
    refetchInterval: (query) => (query.state.data && !isActiveRun(query.state.data) ? false : pollMs),
  });

export function useRun(id: number | null, pollMs?: number) {
  return useQuery({ ...runQueryOptions(id ?? 0, pollMs), enabled: id !== null });
}
