import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export type Keep = "local" | "remote";

/** POST records/{id}/resolve/: "remote" answers the record (200), "local" a publish job (202). */
export function useResolveRecord(contentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, keep }: { id: number; keep: Keep }) =>
      api("post", "/api/v1/publisher/records/{id}/resolve/", { path: { id }, body: { keep } }),
    onSuccess: () => {
      void refreshQueries(queryClient, ["publishing", "records", contentId]);
      void refreshQueries(queryClient, ["writer", "content", "detail", contentId]);
      void refreshQueries(queryClient, ["writer", "content", "versions", contentId]);
    },
  });
}
