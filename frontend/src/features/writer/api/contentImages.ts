import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

/** A content piece has one featured image and a few in-article ones: one page holds them all. */
export const contentImagesQueryOptions = (contentId: number) =>
  queryOptions({
    queryKey: ["writer", "images", "list", contentId] as const,
    queryFn: ({ signal }) =>
      api("get", "/api/v1/writer/images/", { query: { content: contentId, page_size: 100 }, signal }),
  });

export function useContentImages(contentId: number) {
  return useQuery(contentImagesQueryOptions(contentId));
}
