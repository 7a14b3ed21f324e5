import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useBulkDeleteKeywords() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) => api("post", "/api/v1/planner/keywords/bulk_delete/", { body: { ids } }),
    onSuccess: () => refreshQueries(queryClient, ["planner"]),
  });
}
