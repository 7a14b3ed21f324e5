import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

/** POST .../test/: the platform is asked what it sees; the report is kept on the integration. */
export function useTestIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("post", "/api/v1/integration/{id}/test/", { path: { id } }),
    onSuccess: () => refreshQueries(queryClient, ["integrations", "list"]),
  });
}
