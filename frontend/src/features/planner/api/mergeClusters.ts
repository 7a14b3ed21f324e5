import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type ApiBody } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export type MergeClustersInput = ApiBody<"/api/v1/planner/clusters/merge/", "post">;

export function useMergeClusters() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MergeClustersInput) => api("post", "/api/v1/planner/clusters/merge/", { body }),
    onSuccess: () => refreshQueries(queryClient, ["planner"]),
  });
}
