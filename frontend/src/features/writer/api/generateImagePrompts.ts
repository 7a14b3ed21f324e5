import { useMutation } from "@tanstack/react-query";
import { api } from "../../../api/client";

/** Starts the image-prompt job for one content piece (a featured prompt + `inArticle` in-article ones). */
export function useGenerateImagePrompts() {
  return useMutation({
    mutationFn: ({ contentId, inArticle = 2 }: { contentId: number; inArticle?: number }) =>
      api("post", "/api/v1/writer/content/generate_image_prompts/", {
        body: { ids: [contentId], in_article_count: inArticle },
      }),
  });
}
