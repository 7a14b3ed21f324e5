import { ApiError } from "../../api/client";

/**
 * The API's messages for one place of the rule. The service names dotted places
 * (`conditions.1`, `actions.0.params.limit`, `schedule.cron`); DRF may go deeper (`conditions.1.value`).
 * `exact`: only that key; otherwise that key and every key under it.
 */
export function errorsAt(error: unknown, place: string, exact = false): string[] {
  if (!(error instanceof ApiError)) return [];
  const out: string[] = [];
  for (const [key, messages] of Object.entries(error.errors)) {
    if (key === place || (!exact && key.startsWith(`${place}.`))) out.push(...(Array.isArray(messages) ? messages : [String(messages)]));
  }
  return out;
}

/** Keys the form shows next to a field (the rest are listed at the top). */
export function unplacedErrors(error: unknown, placed: (key: string) => boolean): string[] {
  if (!(error instanceof ApiError)) return [];
  return Object.entries(error.errors)
    .filter(([key]) => !placed(key))
    .flatMap(([key, messages]) => (Array.isArray(messages) ? messages : [String(messages)]).map((m) => `${key}: ${m}`));
}
