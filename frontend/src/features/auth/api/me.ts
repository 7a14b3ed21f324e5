import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const meQueryOptions = () =>
  queryOptions({
    queryKey: ["auth", "me"] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/auth/me/", { signal }),
    staleTime: 5 * 60_000,
  });

export function useMe(enabled = true) {
  return useQuery({ ...meQueryOptions(), enabled });
}
