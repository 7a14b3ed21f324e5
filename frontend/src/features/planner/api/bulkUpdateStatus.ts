import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { KeywordStatus } from "../../../api/types";
import { refreshQueries } from "../../../api/refresh";

export function useBulkUpdateKeywordStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, status }: { ids: number[]; status: KeywordStatus }) =>
      api("post", "/api/v1/planner/keywords/bulk_update_status/", { body: { ids, status } }),
    onSuccess: () => refreshQueries(queryClient, ["planner"]),
  });
}
