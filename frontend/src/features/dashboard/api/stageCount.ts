import { queryOptions, useQueries } from "@tanstack/react-query";
import { api, type ScopeQuery } from "../../../api/client";

// Each pipeline stage's count comes from its list endpoint with page_size=1 (only `count` is read).
export const STAGES = [
  { key: "keywords", label: "Keywords", path: "/api/v1/planner/keywords/" },
  { key: "clusters", label: "Clusters", path: "/api/v1/planner/clusters/" },
  { key: "ideas", label: "Ideas", path: "/api/v1/planner/ideas/" },
  { key: "tasks", label: "Writing tasks", path: "/api/v1/writer/tasks/" },
  { key: "content", label: "Content", path: "/api/v1/writer/content/" },
  { key: "images", label: "Images", path: "/api/v1/writer/images/" },
] as const;

export type Stage = (typeof STAGES)[number];

export const stageCountQueryOptions = (stage: Stage, scope: ScopeQuery) =>
  queryOptions({
    queryKey: ["dashboard", "count", stage.key, scope] as const,
    queryFn: async ({ signal }) => {
      const page = await api("get", stage.path, { query: { page_size: 1, ...scope }, signal });
      return page.count;
    },
    enabled: scope.site_id !== undefined,
    staleTime: 30_000,
  });

export function useStageCounts(scope: ScopeQuery) {
  return useQueries({ queries: STAGES.map((stage) => stageCountQueryOptions(stage, scope)) });
}
