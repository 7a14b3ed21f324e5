import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { Content, ContentPatch } from "../types";
import { contentDetailKey } from "./content";
import { refreshQueries } from "../../../api/refresh";

/** PATCH the changed fields; the answer (sanitized HTML, new word count) replaces the cached detail. */
export function useUpdateContent(id: number, onDone?: (content: Content) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: ContentPatch) => api("patch", "/api/v1/writer/content/{id}/", { path: { id }, body: patch }),
    onSuccess: (content) => {
      onDone?.(content); // before the cache update, so the editor's baseline moves first
      queryClient.setQueryData(contentDetailKey(id), content);
      void refreshQueries(queryClient, ["writer", "content", "list"]);
      void refreshQueries(queryClient, ["writer", "content", "versions", id]);
    },
  });
}
