import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

/** Queues a run (202 with the run). */
export function useRunNow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("post", "/api/v1/automation/rules/{id}/run_now/", { path: { id } }),
    onSuccess: () => refreshQueries(queryClient, ["automation"]),
  });
}
