import { createContext, Fragment, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { getAccountId, onAccountChange, setAccountId } from "../../../api/account";
import { onTokensChange } from "../../../api/tokens";
import { clearStoredScope } from "../../sites/hooks/useScope";

interface AccountState {
  /** The stored choice; null = the API's default account (the user's first membership). */
  accountId: number | null;
  switchAccount: (accountId: number) => void;
}

const AccountContext = createContext<AccountState | null>(null);

/**
 * Holds which account the user works in. Switching (or the client dropping a stale choice)
 * clears the query cache and the chosen site/sector, then remounts everything below so
 * every page loads the new account's data from scratch.
 */
export function AccountProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [accountId, setState] = useState(getAccountId);

  useEffect(
    () =>
      onAccountChange((id) => {
        clearStoredScope();
        queryClient.clear();
        setState(id);
      }),
    [queryClient],
  );
  // Logging out forgets the choice: the next person to log in starts in their own default account.
  useEffect(
    () =>
      onTokensChange((tokens) => {
        if (tokens === null) setAccountId(null);
      }),
    [],
  );

  const value = useMemo<AccountState>(() => ({ accountId, switchAccount: (id) => setAccountId(id) }), [accountId]);
  return (
    <AccountContext.Provider value={value}>
      <Fragment key={accountId ?? "default"}>{children}</Fragment>
    </AccountContext.Provider>
  );
}

export function useAccount(): AccountState {
  const value = useContext(AccountContext);
  if (!value) throw new Error("useAccount needs <AccountProvider>");
  return value;
}
