import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { Role } from "../../../api/types";
import { refreshQueries } from "../../../api/refresh";

export function useUpdateMemberRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role }: { id: number; role: Role }) =>
      api("patch", "/api/v1/auth/users/{id}/", { path: { id }, body: { role } }),
    onSuccess: () => {
      void refreshQueries(queryClient, ["settings", "members"]);
      void refreshQueries(queryClient, ["settings", "site-access"]);
    },
  });
}
