import type { QueryClient, QueryFilters, QueryKey } from "@tanstack/react-query";

/**
 * After a write: mark the queries under each key (or filter) stale and refetch the ones on screen,
 * with requests that start now. Plain `invalidateQueries` joins a query's *first* fetch if one is
 * in flight (TanStack only restarts fetches of queries that already hold data), and that fetch may
 * have read the server before the write committed: e.g. onboarding's sector list, requested while
 * the sector was being created, stayed empty for a minute. Cancelling first closes that gap.
 */
export async function refreshQueries(queryClient: QueryClient, ...targets: (QueryKey | QueryFilters)[]): Promise<void> {
  const filters = targets.map((t): QueryFilters => (Array.isArray(t) ? { queryKey: t } : (t as QueryFilters)));
  await Promise.all(filters.map((f) => queryClient.cancelQueries(f)));
  await Promise.all(filters.map((f) => queryClient.invalidateQueries(f)));
}
