import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const contentVersionsQueryOptions = (id: number, page: number, pageSize: number) =>
  queryOptions({
    queryKey: ["writer", "content", "versions", id, { page, pageSize }] as const,
    queryFn: ({ signal }) =>
      api("get", "/api/v1/writer/content/{id}/versions/", {
        path: { id },
        query: { page, page_size: pageSize },
        signal,
      }),
    placeholderData: keepPreviousData,
  });

/** Versions, newest first. */
export function useContentVersions(id: number, page: number, pageSize: number) {
  return useQuery(contentVersionsQueryOptions(id, page, pageSize));
}
