import { useMutation } from "@tanstack/react-query";
import { api } from "../../../api/client";

/** The backend takes at most this many images per request. */
export const MAX_IMAGES_PER_JOB = 6;

export function useGenerateImages() {
  return useMutation({
    mutationFn: (ids: number[]) =>
      api("post", "/api/v1/writer/images/generate_images/", {
        body: { ids: ids.slice(0, MAX_IMAGES_PER_JOB), file_format: "webp" },
      }),
  });
}
