import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { IntegrationRequest } from "../types";
import { refreshQueries } from "../../../api/refresh";

export function useCreateIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: IntegrationRequest) => api("post", "/api/v1/integration/", { body }),
    onSuccess: () => refreshQueries(queryClient, ["integrations", "list"]),
  });
}
