import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const templatesQueryOptions = () =>
  queryOptions({
    queryKey: ["automation", "templates"] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/automation/templates/", { signal }),
    staleTime: 10 * 60_000,
  });

export function useTemplates() {
  return useQuery(templatesQueryOptions());
}
