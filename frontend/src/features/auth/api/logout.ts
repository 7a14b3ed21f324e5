import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { getTokens, setTokens } from "../../../api/tokens";
import { useSession } from "../hooks/useSession";

export async function logout(): Promise<void> {
  const refresh = getTokens()?.refresh;
  setTokens(null);
  if (refresh) {
    // Blacklists the refresh token; the session is over locally whatever the answer.
    await api("post", "/api/v1/auth/logout/", { body: { refresh } }).catch(() => undefined);
  }
}

export function useLogout() {
  const queryClient = useQueryClient();
  const { markLoggedOut } = useSession();
  return useMutation({
    mutationFn: () => {
      markLoggedOut();
      return logout();
    },
    onSettled: () => queryClient.clear(),
  });
}
