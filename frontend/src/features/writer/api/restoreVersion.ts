import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { Content } from "../types";
import { contentDetailKey } from "./content";
import { refreshQueries } from "../../../api/refresh";

/** Put every versioned field back as in `version`; the restore is itself a new version. */
export function useRestoreVersion(id: number, onDone?: (content: Content) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      api("post", "/api/v1/writer/content/{id}/versions/{version}/restore/", {
        path: { id, version: String(version) },
      }),
    onSuccess: (content) => {
      onDone?.(content); // before the cache update, so the editor's baseline moves first
      queryClient.setQueryData(contentDetailKey(id), content);
      void refreshQueries(queryClient, ["writer", "content", "list"]);
      void refreshQueries(queryClient, ["writer", "content", "versions", id]);
    },
  });
}
