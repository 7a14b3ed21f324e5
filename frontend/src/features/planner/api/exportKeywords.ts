import { useMutation } from "@tanstack/react-query";
import { authorizedFetch, buildUrl, unwrapEnvelope } from "../../../api/client";
import { keywordFilterQuery, type KeywordListParams } from "./keywords";

const EXPORT_PATH = "/api/v1/planner/keywords/export/" satisfies keyof import("../../../api/types").ApiPaths;

/** Downloads the keywords matching the current filters as CSV (the request needs the JWT, so no plain link). */
export async function exportKeywords(params: Omit<KeywordListParams, "page" | "pageSize" | "ordering">) {
  const url = buildUrl(EXPORT_PATH, undefined, keywordFilterQuery(params) as Record<string, unknown>);
  const response = await authorizedFetch(url, { headers: { Accept: "text/csv" } });
  if (!response.ok) {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    unwrapEnvelope(response.status, body, false);
  }
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = "keywords.csv";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}

export function useExportKeywords() {
  return useMutation({ mutationFn: exportKeywords });
}
