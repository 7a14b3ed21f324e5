// A small typed fetch client for the IGNY8 API.
//
// - Paths are the generated `paths` keys, so a removed or renamed endpoint fails the build.
// - Unwraps the envelope: {success, data} -> data; {success, count, results} -> Paginated;
//   {success: false, error, errors, request_id} -> throws ApiError.
// - Attaches `Authorization: Bearer <access>`; on a 401 it refreshes once (POST auth/refresh/,
//   the refresh token rotates) and retries; if the refresh fails the session ends with
//   SESSION_EXPIRED_MESSAGE.
import type { ApiPaths, Paginated } from "./types";
import { getTokens, setTokens, type Tokens } from "./tokens";
import { getAccountId, isNotAMemberResponse, setAccountId } from "./account";

export const SESSION_EXPIRED_MESSAGE = "Your session expired — please log in again";
const REFRESH_PATH = "/api/v1/auth/refresh/";
const NO_REFRESH_PATHS = new Set([REFRESH_PATH, "/api/v1/auth/login/", "/api/v1/auth/register/", "/api/v1/auth/logout/"]);

export type Method = "get" | "post" | "put" | "patch" | "delete";
export type ApiPath = keyof ApiPaths;
type Operation<P extends ApiPath, M extends Method> = ApiPaths[P] extends Record<M, infer O> ? O : never;
type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : never;
type SuccessBody<O> = O extends { responses: infer R }
  ? R extends { 200: infer X }
    ? JsonOf<X>
    : R extends { 201: infer X }
      ? JsonOf<X>
      : R extends { 202: infer X }
        ? JsonOf<X>
        : never
  : never;
type Unwrap<B> = [B] extends [never]
  ? unknown
  : B extends { results: (infer T)[] }
    ? Paginated<T>
    : B extends { data: infer D }
      ? D
      : unknown;

/** What a successful call to `M path` resolves to, after the envelope is unwrapped. */
export type ApiResult<P extends ApiPath, M extends Method> = Unwrap<SuccessBody<Operation<P, M>>>;
/** The documented query parameters of `M path` (plus the tenancy scope every list accepts). */
export type ApiQuery<P extends ApiPath, M extends Method> = (Operation<P, M> extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : Record<string, never>) &
  ScopeQuery;
/** The JSON request body of `M path`. */
export type ApiBody<P extends ApiPath, M extends Method> = Operation<P, M> extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

export interface ScopeQuery {
  site_id?: number;
  sector_id?: number;
}

export class ApiError extends Error {
  readonly status: number;
  readonly errors: Record<string, string[]>;
  readonly requestId: string | undefined;
  constructor(message: string, status: number, errors: Record<string, string[]> = {}, requestId?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.errors = errors;
    this.requestId = requestId;
  }
}

type SessionExpiredHandler = (message: string) => void;
let sessionExpiredHandler: SessionExpiredHandler = () => {};
/** The app registers what happens when the session cannot be renewed (log out, show message). */
export function onSessionExpired(handler: SessionExpiredHandler): () => void {
  sessionExpiredHandler = handler;
  return () => {
    if (sessionExpiredHandler === handler) sessionExpiredHandler = () => {};
  };
}

export interface RequestOptions<Q = Record<string, unknown>, B = unknown> {
  path?: Record<string, string | number>;
  query?: Q;
  body?: B;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export function buildUrl(
  template: string,
  pathParams?: Record<string, string | number>,
  query?: Record<string, unknown>,
): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = pathParams?.[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach((item) => search.append(key, String(item)));
    else search.append(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

let refreshing: Promise<boolean> | null = null;

/** Refreshes the token pair once, however many requests are waiting on it. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const tokens = getTokens();
    if (!tokens) return false;
    try {
      const response = await fetch(REFRESH_PATH, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ refresh: tokens.refresh }),
      });
      if (!response.ok) return false;
      const body = (await response.json()) as { success?: boolean; data?: Partial<Tokens> };
      const access = body.data?.access;
      if (!access) return false;
      setTokens({ access, refresh: body.data?.refresh ?? tokens.refresh });
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Ends the session after a failed refresh: clears tokens and tells the app why. */
export function endSession(): ApiError {
  setTokens(null);
  sessionExpiredHandler(SESSION_EXPIRED_MESSAGE);
  return new ApiError(SESSION_EXPIRED_MESSAGE, 401);
}

async function parseBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function statusMessage(status: number): string {
  if (status === 402) return "You don't have enough credits for this.";
  if (status === 403) return "You don't have permission to do that.";
  if (status === 404) return "We couldn't find that — it may have been deleted.";
  if (status === 429) return "Too many requests — please wait a moment and try again.";
  if (status >= 500) return "Something went wrong on our side. Please try again in a minute.";
  return `The request failed (${status}).`;
}

/** Turns an envelope into its payload, or throws ApiError for an error envelope. */
export function unwrapEnvelope(status: number, body: unknown, ok: boolean): unknown {
  const envelope = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const requestId = typeof envelope.request_id === "string" ? envelope.request_id : undefined;
  if (!ok || envelope.success === false) {
    const message = typeof envelope.error === "string" && envelope.error ? envelope.error : statusMessage(status);
    const errors = (typeof envelope.errors === "object" && envelope.errors !== null ? envelope.errors : {}) as Record<
      string,
      string[]
    >;
    throw new ApiError(message, status, errors, requestId);
  }
  if ("results" in envelope) {
    return {
      count: Number(envelope.count ?? 0),
      next: (envelope.next as string | null) ?? null,
      previous: (envelope.previous as string | null) ?? null,
      results: (envelope.results as unknown[]) ?? [],
    } satisfies Paginated<unknown>;
  }
  if ("data" in envelope) return envelope.data;
  return body;
}

/** Low-level: sends a request with auth + refresh-once and returns the raw Response. */
export async function authorizedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const sent: { accountId: number | null } = { accountId: null };
  const send = () => {
    const headers = new Headers(init.headers);
    if (!headers.has("Accept")) headers.set("Accept", "application/json");
    const access = getTokens()?.access;
    if (access) headers.set("Authorization", `Bearer ${access}`);
    sent.accountId = getAccountId();
    if (sent.accountId !== null) headers.set("X-Account-ID", String(sent.accountId));
    return fetch(url, { ...init, headers });
  };
  let response = await send();
  // A stored account the user no longer belongs to: forget it and use the default account.
  if (sent.accountId !== null && (await isNotAMemberResponse(response))) {
    if (getAccountId() === sent.accountId) setAccountId(null);
    response = await send();
  }
  const pathname = url.split("?")[0] ?? url;
  if (response.status !== 401 || NO_REFRESH_PATHS.has(pathname) || !getTokens()) return response;
  if (!(await refreshSession())) throw endSession();
  const retried = await send();
  if (retried.status === 401) throw endSession();
  return retried;
}

export async function request<T = unknown>(
  method: Method,
  url: string,
  options: { body?: unknown; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await authorizedFetch(url, { method: method.toUpperCase(), headers, body, signal: options.signal });
  } catch (error) {
    if (error instanceof ApiError || (error instanceof DOMException && error.name === "AbortError")) throw error;
    throw new ApiError("We couldn't reach IGNY8. Check your connection and try again.", 0);
  }
  return unwrapEnvelope(response.status, await parseBody(response), response.ok) as T;
}

/**
 * A binary GET (e.g. an image file) with the same Bearer token and refresh-once as `api()`;
 * resolves to the Blob, or throws ApiError with the envelope's message when the server refuses.
 */
export async function apiBlob<P extends ApiPath>(
  path: P,
  options: { path?: Record<string, string | number>; signal?: AbortSignal } = {},
): Promise<Blob> {
  const url = buildUrl(path, options.path);
  let response: Response;
  try {
    response = await authorizedFetch(url, { method: "GET", headers: { Accept: "*/*" }, signal: options.signal });
  } catch (error) {
    if (error instanceof ApiError || (error instanceof DOMException && error.name === "AbortError")) throw error;
    throw new ApiError("We couldn't reach IGNY8. Check your connection and try again.", 0);
  }
  if (!response.ok) unwrapEnvelope(response.status, await parseBody(response), false);
  return response.blob();
}

/** Typed call: `api("get", "/api/v1/auth/me/")` resolves to the Me object. */
export function api<P extends ApiPath, M extends Method>(
  method: M,
  path: P,
  options: RequestOptions<ApiQuery<P, M>, ApiBody<P, M>> = {},
): Promise<ApiResult<P, M>> {
  const url = buildUrl(path, options.path, options.query as Record<string, unknown> | undefined);
  return request<ApiResult<P, M>>(method, url, {
    body: options.body,
    signal: options.signal,
    headers: options.headers,
  });
}
