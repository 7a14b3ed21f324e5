import { useMutation } from "@tanstack/react-query";
import { api } from "../../../api/client";

export function useGenerateContent() {
  return useMutation({
    mutationFn: (ids: number[]) => api("post", "/api/v1/writer/tasks/generate_content/", { body: { ids } }),
  });
}
