import { useMutation } from "@tanstack/react-query";
import { api } from "../../../api/client";

export function useRegenerateImage() {
  return useMutation({
    mutationFn: (imageId: number) =>
      api("post", "/api/v1/writer/images/{id}/regenerate/", { path: { id: imageId }, body: { file_format: "webp" } }),
  });
}
