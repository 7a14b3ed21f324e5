import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const versionDiffQueryOptions = (id: number, from: number, to: number) =>
  queryOptions({
    queryKey: ["writer", "content", "versions", id, "diff", from, to] as const,
    queryFn: ({ signal }) =>
      api("get", "/api/v1/writer/content/{id}/versions/diff/", { path: { id }, query: { from, to }, signal }),
    staleTime: Infinity, // versions never change once written
  });

export function useVersionDiff(id: number, from: number, to: number) {
  return useQuery(versionDiffQueryOptions(id, from, to));
}
