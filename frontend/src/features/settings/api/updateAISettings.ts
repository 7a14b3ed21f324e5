import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { AISettingsPatch } from "../types";

export function useUpdateAISettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AISettingsPatch) => api("patch", "/api/v1/system/ai-settings/", { body }),
    onSuccess: (row) => queryClient.setQueryData(["settings", "ai"], row),
  });
}
