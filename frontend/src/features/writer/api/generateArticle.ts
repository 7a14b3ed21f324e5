import { useMutation } from "@tanstack/react-query";
import { api } from "../../../api/client";

export function useGenerateArticle() {
  return useMutation({
    mutationFn: (ids: number[]) => api("post", "/api/v1/writer/tasks/generate_article/", { body: { ids, in_article_count: 2 } }),
  });
}
