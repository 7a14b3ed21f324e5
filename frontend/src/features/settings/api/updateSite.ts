import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { PatchedSite } from "../types";
import { refreshQueries } from "../../../api/refresh";

export function useUpdateSite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: PatchedSite }) =>
      api("patch", "/api/v1/auth/sites/{id}/", { path: { id }, body }),
    onSuccess: () => refreshQueries(queryClient, ["sites"]),
  });
}
