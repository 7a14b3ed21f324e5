import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { refreshQueries } from "../../../api/refresh";

export function useSavePrompt() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ promptType, template }: { promptType: string; template: string }) =>
      api("put", "/api/v1/system/prompts/{prompt_type}/", { path: { prompt_type: promptType }, body: { template } }),
    onSuccess: () => refreshQueries(queryClient, ["settings", "prompts"]),
  });
}
