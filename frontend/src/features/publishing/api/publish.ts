import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { PublishRequest } from "../types";
import { refreshQueries } from "../../../api/refresh";

/** POST /publisher/publish/: 202 with a job (or the scheduled records when `job_id` is null). */
export function usePublish() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PublishRequest) => api("post", "/api/v1/publisher/publish/", { body }),
    onSuccess: (_data, body) => {
      void refreshQueries(queryClient, ["publishing", "records", body.content_id]);
    },
  });
}
