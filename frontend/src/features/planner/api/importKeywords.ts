import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, endSession, refreshSession, unwrapEnvelope } from "../../../api/client";
import { getTokens } from "../../../api/tokens";
import type { KeywordImportReport } from "../../../api/types";
import { refreshQueries } from "../../../api/refresh";

const IMPORT_PATH = "/api/v1/planner/keywords/import/" satisfies keyof import("../../../api/types").ApiPaths;

export interface ImportInput {
  file: File;
  siteId: number;
  sectorId: number;
  /** 0..100 as the file uploads. */
  onProgress?: (percent: number) => void;
}

function send(input: ImportInput): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", IMPORT_PATH);
    xhr.setRequestHeader("Accept", "application/json");
    const access = getTokens()?.access;
    if (access) xhr.setRequestHeader("Authorization", `Bearer ${access}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) input.onProgress?.(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new ApiError("The upload failed. Check your connection and try again.", 0));
    const form = new FormData();
    form.append("file", input.file);
    form.append("site", String(input.siteId));
    form.append("sector", String(input.sectorId));
    xhr.send(form);
  });
}

/** Uploads a CSV with XMLHttpRequest (for upload progress) and returns the import report. */
export async function importKeywords(input: ImportInput): Promise<KeywordImportReport> {
  let result = await send(input);
  if (result.status === 401 && getTokens()) {
    if (!(await refreshSession())) throw endSession();
    input.onProgress?.(0);
    result = await send(input);
    if (result.status === 401) throw endSession();
  }
  return unwrapEnvelope(result.status, result.body, result.status >= 200 && result.status < 300) as KeywordImportReport;
}

export function useImportKeywords() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importKeywords,
    onSuccess: () => refreshQueries(queryClient, ["planner"]),
  });
}
