// Which account the user acts on, for people who belong to several (agencies). Sent as
// X-Account-ID on every request; no stored id means the API's default (the first membership).
const KEY = "igny8.account";
type Listener = (accountId: number | null) => void;
const listeners = new Set<Listener>();

/** The API's answer when X-Account-ID names an account the user is not (or no longer) a member of. */
export const NOT_A_MEMBER_MESSAGE = "You are not a member of the account named in X-Account-ID.";

export function getAccountId(): number | null {
  try {
    const value = Number(localStorage.getItem(KEY));
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

export function setAccountId(accountId: number | null): void {
  if (accountId === getAccountId()) return;
  if (accountId) localStorage.setItem(KEY, String(accountId));
  else localStorage.removeItem(KEY);
  listeners.forEach((listener) => listener(accountId));
}

export function onAccountChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True for the 403 that means "the stored account id is stale": fall back to the default account. */
export async function isNotAMemberResponse(response: Response): Promise<boolean> {
  if (response.status !== 403) return false;
  try {
    const body = (await response.clone().json()) as { error?: unknown };
    return body.error === NOT_A_MEMBER_MESSAGE;
  } catch {
    return false;
  }
}
