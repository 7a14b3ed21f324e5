import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { IntegrationPatch } from "../types";
import { refreshQueries } from "../../../api/refresh";

export function useUpdateIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: IntegrationPatch }) =>
      api("patch", "/api/v1/integration/{id}/", { path: { id }, body }),
    onSuccess: () => refreshQueries(queryClient, ["integrations", "list"]),
  });
}
