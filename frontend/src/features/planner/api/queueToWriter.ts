import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";

export function useQueueToWriter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) => api("post", "/api/v1/planner/ideas/queue_to_writer/", { body: { ids } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["planner", "ideas"] });
      void queryClient.invalidateQueries({ queryKey: ["writer"] });
    },
  });
}
