import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export type SyncMode = "full" | "incremental";

/** POST .../sync/: answers 202 with a `publishing.sync` job. */
export function useSyncIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, mode }: { id: number; mode: SyncMode }) =>
      api("post", "/api/v1/integration/{id}/sync/", { path: { id }, body: { mode } }),
    onSuccess: () => refreshQueries(queryClient, ["integrations", "list"]),
  });
}
