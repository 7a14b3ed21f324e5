import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useCancelJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: number) => api("post", "/api/v1/system/jobs/{id}/cancel/", { path: { id: jobId } }),
    onSuccess: (_data, jobId) => refreshQueries(queryClient, ["jobs", "detail", jobId]),
  });
}
