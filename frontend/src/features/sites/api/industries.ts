import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const industriesQueryOptions = () =>
  queryOptions({
    queryKey: ["industries"] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/auth/industries/", { query: { ordering: "name" }, signal }),
    staleTime: 60 * 60_000,
  });

export function useIndustries() {
  return useQuery(industriesQueryOptions());
}
