import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { MemberCreateRequest } from "../types";

export function useAddMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MemberCreateRequest) => api("post", "/api/v1/auth/users/", { body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["settings", "members"] });
      void queryClient.invalidateQueries({ queryKey: ["settings", "site-access"] });
    },
  });
}
