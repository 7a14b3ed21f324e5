import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type ApiBody } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export type RulePatch = ApiBody<"/api/v1/automation/rules/{id}/", "patch">;

export function useUpdateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: RulePatch }) =>
      api("patch", "/api/v1/automation/rules/{id}/", { path: { id }, body }),
    onSuccess: () => refreshQueries(queryClient, ["automation", "rules"]),
  });
}
