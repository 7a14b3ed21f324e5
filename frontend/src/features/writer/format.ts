/** "25 Nov 2026, 09:12" in the reader's locale; the raw text when it is not a date. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export const META_TITLE_LIMIT = 60;
export const META_DESCRIPTION_MIN = 120;
export const META_DESCRIPTION_TARGET = 156;
export const META_DESCRIPTION_LIMIT = 160;

export type HintTone = "ok" | "warn" | "error" | "muted";

export function metaTitleHint(length: number): { text: string; tone: HintTone } {
  if (length === 0) return { text: "Empty — search engines will use the title instead.", tone: "muted" };
  if (length > META_TITLE_LIMIT)
    return {
      text: `Too long by ${length - META_TITLE_LIMIT} — keep it to ${META_TITLE_LIMIT} characters or search engines cut it off.`,
      tone: "error",
    };
  return { text: "Good length.", tone: "ok" };
}

export function metaDescriptionHint(length: number): { text: string; tone: HintTone } {
  if (length === 0) return { text: "Empty — search engines will pick text from the page.", tone: "muted" };
  if (length > META_DESCRIPTION_LIMIT)
    return {
      text: `Too long by ${length - META_DESCRIPTION_LIMIT} — the limit is ${META_DESCRIPTION_LIMIT} characters.`,
      tone: "error",
    };
  if (length < META_DESCRIPTION_MIN)
    return { text: `A bit short — aim for ${META_DESCRIPTION_MIN}–${META_DESCRIPTION_TARGET} characters.`, tone: "warn" };
  if (length > META_DESCRIPTION_TARGET)
    return { text: "Near the limit — it may be cut off in search results.", tone: "warn" };
  return { text: "Good length.", tone: "ok" };
}

const IMAGE_FILE_SRC = /src="\/api\/v1\/writer\/images\/(\d+)\/file\/"/g;

/** Points the article's image files at the given sources (data URLs), by image id. */
export function withImageSources(html: string, sources: Record<number, string>): string {
  return html.replace(IMAGE_FILE_SRC, (match, id: string) => {
    const source = sources[Number(id)];
    return source ? `src="${source}"` : match;
  });
}

/** The srcdoc of the preview frame: the article HTML in a plain page that runs no scripts. */
export function previewDocument(html: string, sources: Record<number, string> = {}): string {
  return [
    "<!doctype html><html><head><meta charset=\"utf-8\">",
    "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; object-src 'none'\">",
    "<style>body{font-family:system-ui,sans-serif;line-height:1.55;color:#1c2430;margin:1rem;max-width:72ch}",
    "img{max-width:100%;height:auto;background:#eef1f5;min-height:2rem}figure{margin:1rem 0}",
    "table{border-collapse:collapse}td,th{border:1px solid #d8dde5;padding:.25rem .5rem}</style>",
    "</head><body>",
    withImageSources(html, sources),
    "</body></html>",
  ].join("");
}
