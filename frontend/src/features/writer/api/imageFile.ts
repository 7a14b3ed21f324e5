import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiBlob } from "../../../api/client";

/** The generated file as a Blob (the endpoint needs the Bearer token, so no plain <img src>).
 * `version` (the image's updated_at) makes a regenerated image fetch its new file. */
export const imageFileQueryOptions = (imageId: number, version: string) =>
  queryOptions({
    queryKey: ["writer", "images", "file", imageId, version] as const,
    queryFn: ({ signal }) => apiBlob("/api/v1/writer/images/{id}/file/", { path: { id: imageId }, signal }),
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });

export function useImageFile(imageId: number, version: string, enabled: boolean) {
  return useQuery({ ...imageFileQueryOptions(imageId, version), enabled });
}
