import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const balanceQueryOptions = () =>
  queryOptions({
    queryKey: ["billing", "balance"] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/billing/balance/", { signal }),
    staleTime: 30_000,
    refetchInterval: 60_000,
  });

export function useBalance() {
  return useQuery(balanceQueryOptions());
}
