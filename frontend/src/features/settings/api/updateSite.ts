import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { PatchedSite } from "../types";

export function useUpdateSite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: PatchedSite }) =>
      api("patch", "/api/v1/auth/sites/{id}/", { path: { id }, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["sites"] }),
  });
}
