import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";

export const platformsQueryOptions = () =>
  queryOptions({
    queryKey: ["integrations", "platforms"] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/integration/platforms/", { signal }),
    staleTime: Infinity,
  });

/** The platforms an integration can use, with the config and credential keys each one takes. */
export function usePlatforms() {
  return useQuery(platformsQueryOptions());
}
