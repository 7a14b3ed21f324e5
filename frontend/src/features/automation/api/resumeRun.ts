import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

/** POST runs/{id}/resume/ (takes effect after the item the run is on). */
export function useResumeRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("post", "/api/v1/automation/runs/{id}/resume/", { path: { id } }),
    onSuccess: (run) => {
      queryClient.setQueryData(["automation", "runs", "detail", run.id], run);
      return refreshQueries(queryClient, ["automation", "runs"]);
    },
  });
}
