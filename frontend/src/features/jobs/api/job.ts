import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { Job, JobStatus } from "../../../api/types";

export const FINISHED: ReadonlySet<JobStatus> = new Set<JobStatus>(["succeeded", "failed", "cancelled"]);
export const isFinished = (job: Pick<Job, "status"> | undefined) => job !== undefined && FINISHED.has(job.status);

export const jobQueryOptions = (jobId: number, intervalMs = 1000) =>
  queryOptions({
    queryKey: ["jobs", "detail", jobId] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/system/jobs/{id}/", { path: { id: jobId }, signal }),
    // Poll until the job has finished.
    refetchInterval: (query) => (isFinished(query.state.data) ? false : intervalMs),
  });

/** The job, polled every second until it succeeds, fails or is cancelled. */
export function useJob(jobId: number | null, intervalMs?: number) {
  return useQuery({ ...jobQueryOptions(jobId ?? 0, intervalMs), enabled: jobId !== null });
}
