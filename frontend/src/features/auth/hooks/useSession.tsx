import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { onSessionExpired } from "../../../api/client";
import { getTokens, onTokensChange } from "../../../api/tokens";

interface SessionState {
  loggedIn: boolean;
  /** The user pressed "Log out" (rather than the session expiring): the next login starts on the dashboard. */
  loggedOut: boolean;
  markLoggedOut: () => void;
  /** Why the user was sent to the login page, e.g. the session expired. */
  notice: string | null;
  clearNotice: () => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [loggedIn, setLoggedIn] = useState(() => getTokens() !== null);
  const [notice, setNotice] = useState<string | null>(null);
  const [loggedOut, setLoggedOut] = useState(false);

  useEffect(
    () =>
      onTokensChange((tokens) => {
        setLoggedIn(tokens !== null);
        if (tokens !== null) setLoggedOut(false);
      }),
    [],
  );
  useEffect(
    () =>
      onSessionExpired((message) => {
        setNotice(message);
        queryClient.clear();
      }),
    [queryClient],
  );
  // Another tab logged in or out.
  useEffect(() => {
    const onStorage = () => setLoggedIn(getTokens() !== null);
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);

  const value = useMemo(
    () => ({
      loggedIn,
      loggedOut,
      markLoggedOut: () => setLoggedOut(true),
      notice,
      clearNotice: () => setNotice(null),
    }),
    [loggedIn, loggedOut, notice],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession needs <SessionProvider>");
  return value;
}
