import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useSession } from "../hooks/useSession";

export function RequireAuth({ children }: { children: ReactNode }) {
  const { loggedIn, loggedOut } = useSession();
  const location = useLocation();
  // An expired session (or a link opened while logged out) comes back to this page after login;
  // pressing "Log out" does not: whoever logs in next starts on the dashboard.
  if (!loggedIn)
    return <Navigate to="/login" replace state={loggedOut ? null : { from: location.pathname + location.search }} />;
  return <>{children}</>;
}
