import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

/** POST records/{id}/cancel/: takes a record off the schedule. */
export function useCancelScheduledPublish(contentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("post", "/api/v1/publisher/records/{id}/cancel/", { path: { id } }),
    onSuccess: () => refreshQueries(queryClient, ["publishing", "records", contentId]),
  });
}
