import { useMutation } from "@tanstack/react-query";
import { api } from "../../../api/client";

/** Either the selected keyword ids, or a site (and optional sector) to cluster everything unclustered. */
export type AutoClusterInput = { ids: number[] } | { site_id: number; sector_id?: number };

export function useAutoCluster() {
  return useMutation({
    mutationFn: (body: AutoClusterInput) => api("post", "/api/v1/planner/keywords/auto_cluster/", { body }),
  });
}
