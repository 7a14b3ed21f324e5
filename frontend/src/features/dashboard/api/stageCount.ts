import { queryOptions, useQueries } from "@tanstack/react-query";
import { api, type ScopeQuery } from "../../../api/client";

// Each pipeline stage's count comes from its list endpoint with page_size=1 (only `count` is read);
// `to` is the page that lists the stage (images live in each article's gallery).
export const STAGES = [
  { key: "keywords", label: "Keywords", path: "/api/v1/planner/keywords/", to: "/planner" },
  { key: "clusters", label: "Clusters", path: "/api/v1/planner/clusters/", to: "/planner/clusters" },
  { key: "ideas", label: "Ideas", path: "/api/v1/planner/ideas/", to: "/planner/ideas" },
  { key: "tasks", label: "Writing tasks", path: "/api/v1/writer/tasks/", to: "/writer/tasks" },
  { key: "content", label: "Content", path: "/api/v1/writer/content/", to: "/writer/content" },
  { key: "images", label: "Images", path: "/api/v1/writer/images/", to: "/writer/content" },
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
    // Counts are cheap and change with every job and import: refetch each time the dashboard opens
    // (the last numbers show meanwhile).
    staleTime: 0,
  });

export function useStageCounts(scope: ScopeQuery) {
  return useQueries({ queries: STAGES.map((stage) => stageCountQueryOptions(stage, scope)) });
}
