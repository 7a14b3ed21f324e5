import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const ruleQueryOptions = (id: number) =>
  queryOptions({
    queryKey: ["automation", "rules", "detail", id] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/automation/rules/{id}/", { path: { id }, signal }),
  });

export function useRule(id: number | null) {
  return useQuery({ ...ruleQueryOptions(id ?? 0), enabled: id !== null });
}
