import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useUpdateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => api("patch", "/api/v1/auth/account/", { body }),
    onSuccess: (account) => {
      queryClient.setQueryData(["settings", "account"], account);
      void refreshQueries(queryClient, ["auth", "me"]);
    },
  });
}
