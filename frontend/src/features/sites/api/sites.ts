import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const sitesQueryOptions = () =>
  queryOptions({
    queryKey: ["sites", "list"] as const,
    queryFn: ({ signal }) =>
      api("get", "/api/v1/auth/sites/", { query: { page_size: 200, ordering: "name" }, signal }),
    staleTime: 60_000,
  });

export function useSites(enabled = true) {
  return useQuery({ ...sitesQueryOptions(), enabled });
}
