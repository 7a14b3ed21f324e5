import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { components } from "../../../api/schema";

export type CreditTransaction = components["schemas"]["CreditTransaction"];
export type TransactionType = components["schemas"]["TransactionTypeEnum"];

export interface TransactionListParams {
  page: number;
  pageSize: number;
  type: TransactionType | "";
}

export const transactionsQueryOptions = (params: TransactionListParams, enabled = true) =>
  queryOptions({
    queryKey: ["billing", "transactions", params] as const,
    queryFn: ({ signal }) =>
      api("get", "/api/v1/billing/transactions/", {
        query: { page: params.page, page_size: params.pageSize, transaction_type: params.type || undefined },
        signal,
      }),
    enabled,
    placeholderData: keepPreviousData,
  });

export function useTransactions(params: TransactionListParams, enabled = true) {
  return useQuery(transactionsQueryOptions(params, enabled));
}
