import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { Content, ContentStatus } from "../types";
import { contentDetailKey } from "./content";
import { refreshQueries } from "../../../api/refresh";

/** Editorial status (draft, review, approved) through POST content/{id}/status/. */
export function useSetContentStatus(id: number, onDone?: (content: Content) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: ContentStatus) =>
      api("post", "/api/v1/writer/content/{id}/status/", { path: { id }, body: { status } }),
    onSuccess: (content) => {
      onDone?.(content); // before the cache update, so the editor's baseline moves first
      queryClient.setQueryData(contentDetailKey(id), content);
      void refreshQueries(queryClient, ["writer", "content", "list"]);
      void refreshQueries(queryClient, ["writer", "content", "versions", id]);
    },
  });
}
