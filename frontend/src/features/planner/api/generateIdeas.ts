import { useMutation } from "@tanstack/react-query";
import { api } from "../../../api/client";

export function useGenerateIdeas() {
  return useMutation({
    mutationFn: (body: { ids: number[]; ideas_per_cluster: number }) =>
      api("post", "/api/v1/planner/clusters/generate_ideas/", { body }),
  });
}
