import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const accountQueryOptions = () =>
  queryOptions({
    queryKey: ["settings", "account"] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/auth/account/", { signal }),
  });

export function useAccountDetails() {
  return useQuery(accountQueryOptions());
}
