import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const recordsKey = (contentId: number) => ["publishing", "records", contentId] as const;

export const recordsQueryOptions = (contentId: number) =>
  queryOptions({
    queryKey: recordsKey(contentId),
    queryFn: ({ signal }) =>
      api("get", "/api/v1/publisher/records/", { query: { content: contentId, page_size: 100 }, signal }),
    // While a destination is being published (e.g. the dialog was closed early), keep the list current.
    refetchInterval: (query) =>
      query.state.data?.results.some((r) => r.status === "pending" || r.status === "publishing") ? 3000 : false,
  });

/** Where this content was published (one record per destination). */
export function usePublishingRecords(contentId: number, enabled = true) {
  return useQuery({ ...recordsQueryOptions(contentId), enabled });
}
