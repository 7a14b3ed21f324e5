import { useEffect, useState } from "react";
import { useQueries } from "@tanstack/react-query";
import { useContentImages } from "../api/contentImages";
import { imageFileQueryOptions } from "../api/imageFile";

export async function blobToDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${blob.type || "application/octet-stream"};base64,${btoa(binary)}`;
}

/**
 * Data URLs of the content's generated images, by image id, for the preview frame: the article's
 * <img src="/api/v1/writer/images/{id}/file/"> needs the Bearer token, and the sandboxed frame
 * (opaque origin) can load neither that nor the page's blob: URLs, but it can load data: URLs.
 * The files are the same cached queries the images gallery uses.
 */
export function usePreviewImageSources(contentId: number): Record<number, string> {
  const images = useContentImages(contentId);
  const generated = (images.data?.results ?? []).filter((i) => i.status === "generated" && i.file_url !== null);
  const files = useQueries({ queries: generated.map((i) => imageFileQueryOptions(i.id, i.updated_at)) });
  const blobs = files.map((f) => f.data);
  const key = generated.map((img, n) => `${img.id}:${img.updated_at}:${blobs[n] ? blobs[n].size : "-"}`).join(",");
  const [sources, setSources] = useState<Record<number, string>>({});

  useEffect(() => {
    let cancelled = false;
    const pending = generated.map(async (img, n) => {
      const blob = blobs[n];
      if (!blob) return null;
      try {
        return [img.id, await blobToDataUrl(blob)] as const;
      } catch {
        return null;
      }
    });
    void Promise.all(pending).then((pairs) => {
      if (!cancelled) setSources(Object.fromEntries(pairs.filter((p) => p !== null)));
    });
    return () => {
      cancelled = true;
    };
    // `key` names exactly the images and files the conversion depends on.
  }, [key]);

  return sources;
}
