import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";

export function useSavePrompt() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ promptType, template }: { promptType: string; template: string }) =>
      api("put", "/api/v1/system/prompts/{prompt_type}/", { path: { prompt_type: promptType }, body: { template } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["settings", "prompts"] }),
  });
}
