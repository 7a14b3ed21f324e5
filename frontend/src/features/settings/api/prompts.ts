import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const promptsQueryOptions = () =>
  queryOptions({
    queryKey: ["settings", "prompts"] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/system/prompts/", { signal }),
  });

export function usePrompts() {
  return useQuery(promptsQueryOptions());
}
