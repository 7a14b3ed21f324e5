import { useMutation } from "@tanstack/react-query";
import { api } from "../../../api/client";

/** What the rule would do now (items, estimated credits); spends and writes nothing. */
export function useDryRun() {
  return useMutation({
    mutationFn: (id: number) => api("post", "/api/v1/automation/rules/{id}/dry_run/", { path: { id } }),
  });
}
