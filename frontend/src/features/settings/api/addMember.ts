import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { MemberCreateRequest } from "../types";
import { refreshQueries } from "../../../api/refresh";

export function useAddMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MemberCreateRequest) => api("post", "/api/v1/auth/users/", { body }),
    onSuccess: () => {
      void refreshQueries(queryClient, ["settings", "members"]);
      void refreshQueries(queryClient, ["settings", "site-access"]);
    },
  });
}
