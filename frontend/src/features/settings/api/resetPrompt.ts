import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useResetPrompt() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (promptType: string) =>
      api("delete", "/api/v1/system/prompts/{prompt_type}/", { path: { prompt_type: promptType } }),
    onSuccess: () => refreshQueries(queryClient, ["settings", "prompts"]),
  });
}
