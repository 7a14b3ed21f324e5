import { useCallback, useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useContentImages } from "../api/contentImages";
import { useImageFile } from "../api/imageFile";
import { MAX_IMAGES_PER_JOB, useGenerateImages } from "../api/generateImages";
import { useGenerateImagePrompts } from "../api/generateImagePrompts";
import { useRegenerateImage } from "../api/regenerateImage";
import { CONTENT_LABELS as L } from "../labels";
import { IMAGE_STATUS_LABELS, type ContentImage } from "../types";
import { JobProgressModal } from "../../jobs/components/JobProgressModal";
import { FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { refreshQueries } from "../../../api/refresh";

/** "featured image", "in-article image 2": unique per content, used in button names. */
export function imageName(image: ContentImage, images: ContentImage[]): string {
  if (image.image_type === "featured") return "featured image";
  const index = images.filter((i) => i.image_type === "in_article").findIndex((i) => i.id === image.id);
  return `in-article image ${index + 1}`;
}

/** An object URL for a Blob, revoked when the blob changes or the component goes away. */
export function useObjectUrl(blob: Blob | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return;
    }
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob]);
  return url;
}

export function ImagesGallery({ contentId, canWrite }: { contentId: number; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const images = useContentImages(contentId);
  const prompts = useGenerateImagePrompts();
  const generate = useGenerateImages();
  const regenerate = useRegenerateImage();
  const [job, setJob] = useState<{ id: number; title: string } | null>(null);

  const onJobFinished = useCallback(() => {
    // Images go into the article's HTML, so the content, its versions and the images all refresh.
    // Files are keyed by the image's updated_at, so a regenerated image fetches its new file by itself.
    void refreshQueries(queryClient, {
      queryKey: ["writer"],
      predicate: (q) => !(q.queryKey[1] === "images" && q.queryKey[2] === "file"),
    });
    void refreshQueries(queryClient, ["billing"]);
    void refreshQueries(queryClient, ["jobs", "recent"]);
  }, [queryClient]);
  const closeJob = useCallback(() => setJob(null), []);

  const rows = images.data?.results ?? [];
  const waiting = rows.filter((i) => i.status !== "generated");
  const busy = prompts.isPending || generate.isPending || regenerate.isPending || job !== null;

  return (
    <section className="card images-panel" aria-labelledby="images-heading">
      <div className="panel-header">
        <h2 id="images-heading">{L.imagesHeading}</h2>
        {canWrite && (
          <div className="toolbar">
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                prompts.mutate({ contentId }, { onSuccess: (a) => setJob({ id: a.job_id, title: L.promptsJob }) })
              }
            >
              {L.generatePromptsButton}
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy || waiting.length === 0}
              title={waiting.length === 0 ? "Every image is generated; use Regenerate on one to redo it." : undefined}
              onClick={() =>
                generate.mutate(
                  waiting.map((i) => i.id),
                  { onSuccess: (a) => setJob({ id: a.job_id, title: L.imagesJob }) },
                )
              }
            >
              {L.generateImagesButton}
            </button>
          </div>
        )}
      </div>
      {canWrite && waiting.length > MAX_IMAGES_PER_JOB && (
        <p className="muted">Images are generated {MAX_IMAGES_PER_JOB} at a time; run it again for the rest.</p>
      )}
      <FormError error={prompts.error ?? generate.error ?? regenerate.error} />

      {images.isPending && <Loading label="Loading images…" />}
      {images.isError && <ErrorState error={images.error} retry={() => void images.refetch()} />}
      {images.data && rows.length === 0 && (
        <Empty title="No images yet.">
          {canWrite && <p>Generate image prompts first, then generate the images from them.</p>}
        </Empty>
      )}
      {rows.length > 0 && (
        <ul className="image-grid" aria-label={L.imagesRegion}>
          {rows.map((image) => {
            const name = imageName(image, rows);
            return (
              <li key={image.id} className={`image-card image-${image.status}`}>
                <ImagePreview image={image} name={name} />
                <div className="image-info">
                  <p className="image-title">
                    <strong>{name.charAt(0).toUpperCase() + name.slice(1)}</strong>
                    <span className={`badge image-status-${image.status}`}>{IMAGE_STATUS_LABELS[image.status]}</span>
                  </p>
                  {image.image_type === "in_article" && image.position > 0 && (
                    <p className="muted">After heading {image.position}</p>
                  )}
                  <p>
                    <span className="muted">Prompt:</span> {image.prompt || "—"}
                  </p>
                  <p>
                    <span className="muted">Alt text:</span> {image.alt_text || "—"}
                  </p>
                  {image.status === "failed" && image.error && <p className="error">{image.error}</p>}
                  {canWrite && (
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={`${image.status === "pending" ? "Generate" : "Regenerate"} ${name}`}
                      onClick={() =>
                        regenerate.mutate(image.id, { onSuccess: (a) => setJob({ id: a.job_id, title: L.regenerateJob }) })
                      }
                    >
                      {image.status === "pending" ? "Generate" : "Regenerate"}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}

      {job !== null && <JobProgressModal jobId={job.id} title={job.title} onClose={closeJob} onFinished={onJobFinished} />}
    </section>
  );
}

function ImagePreview({ image, name }: { image: ContentImage; name: string }) {
  const hasFile = image.status === "generated" && image.file_url !== null;
  const file = useImageFile(image.id, image.updated_at, hasFile);
  const url = useObjectUrl(file.data);
  if (!hasFile)
    return (
      <div className="image-placeholder">{image.status === "failed" ? "Generation failed" : "No image yet"}</div>
    );
  if (file.isError) return <div className="image-placeholder error">We couldn't load this image.</div>;
  if (!url) return <div className="image-placeholder">Loading image…</div>;
  return (
    <img
      src={url}
      alt={image.alt_text || `The ${name}`}
      width={image.width || undefined}
      height={image.height || undefined}
      className="image-thumb"
    />
  );
}
