import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";

export function useCancelJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: number) => api("post", "/api/v1/system/jobs/{id}/cancel/", { path: { id: jobId } }),
    onSuccess: (_data, jobId) => queryClient.invalidateQueries({ queryKey: ["jobs", "detail", jobId] }),
  });
}
