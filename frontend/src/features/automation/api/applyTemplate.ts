import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type ApiBody } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export type TemplateApply = ApiBody<"/api/v1/automation/templates/{key}/apply/", "post">;

/** Creates the template's rules (201 with the rules). */
export function useApplyTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body }: { key: string; body: TemplateApply }) =>
      api("post", "/api/v1/automation/templates/{key}/apply/", { path: { key }, body }),
    onSuccess: () => refreshQueries(queryClient, ["automation", "rules"]),
  });
}
