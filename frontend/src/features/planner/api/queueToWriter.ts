import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useQueueToWriter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) => api("post", "/api/v1/planner/ideas/queue_to_writer/", { body: { ids } }),
    onSuccess: () => {
      void refreshQueries(queryClient, ["planner", "ideas"]);
      void refreshQueries(queryClient, ["writer"]);
    },
  });
}
