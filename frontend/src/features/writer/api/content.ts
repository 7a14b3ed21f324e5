import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const contentDetailKey = (id: number) => ["writer", "content", "detail", id] as const;

export const contentQueryOptions = (id: number) =>
  queryOptions({
    queryKey: contentDetailKey(id),
    queryFn: ({ signal }) => api("get", "/api/v1/writer/content/{id}/", { path: { id }, signal }),
  });

export function useContent(id: number) {
  return useQuery(contentQueryOptions(id));
}
