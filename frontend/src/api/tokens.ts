// Where the JWT pair lives between page loads. localStorage keeps the session across tabs;
// the refresh token rotates on every refresh, so the stored pair is always replaced whole.
export interface Tokens {
  access: string;
  refresh: string;
}

const KEY = "igny8.tokens";
type Listener = (tokens: Tokens | null) => void;
const listeners = new Set<Listener>();

export function getTokens(): Tokens | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Tokens>;
    return typeof parsed.access === "string" && typeof parsed.refresh === "string"
      ? { access: parsed.access, refresh: parsed.refresh }
      : null;
  } catch {
    return null;
  }
}

export function setTokens(tokens: Tokens | null): void {
  if (tokens) localStorage.setItem(KEY, JSON.stringify(tokens));
  else localStorage.removeItem(KEY);
  listeners.forEach((listener) => listener(tokens));
}

export function onTokensChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
