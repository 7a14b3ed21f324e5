import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const aiSettingsQueryOptions = () =>
  queryOptions({
    queryKey: ["settings", "ai"] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/system/ai-settings/", { signal }),
  });

export function useAISettings() {
  return useQuery(aiSettingsQueryOptions());
}
