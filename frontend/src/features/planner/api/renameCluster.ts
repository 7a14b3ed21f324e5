import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useRenameCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: number; name: string }) =>
      api("patch", "/api/v1/planner/clusters/{id}/", { path: { id }, body: { name } }),
    onSuccess: () => refreshQueries(queryClient, ["planner"]),
  });
}
