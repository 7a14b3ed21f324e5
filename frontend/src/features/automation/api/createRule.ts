import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { RuleRequest } from "../types";
import { refreshQueries } from "../../../api/refresh";

export function useCreateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RuleRequest) => api("post", "/api/v1/automation/rules/", { body }),
    onSuccess: () => refreshQueries(queryClient, ["automation", "rules"]),
  });
}
