import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Sector, Site } from "../../../api/types";
import { useSites } from "../api/sites";
import { useSectors } from "../api/sectors";

/** The site and sector the user is working in; sectorId null means "All sectors". */
export interface Scope {
  siteId: number | null;
  sectorId: number | null;
  site: Site | undefined;
  sites: Site[];
  sectors: Sector[];
  sitesLoading: boolean;
  /** The site's sectors are being read for the first time (an empty list means "none yet" only once false). */
  sectorsLoading: boolean;
  setSite: (id: number) => void;
  setSector: (id: number | null) => void;
  /** Query parameters every scoped list takes. */
  params: { site_id?: number; sector_id?: number };
}

const KEY = "igny8.scope";
const ScopeContext = createContext<Scope | null>(null);

/** Forgets the chosen site and sector (another account has other sites). */
export function clearStoredScope(): void {
  localStorage.removeItem(KEY);
}

function readStored(): { siteId: number | null; sectorId: number | null } {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? "{}") as { siteId?: number; sectorId?: number };
    return { siteId: parsed.siteId ?? null, sectorId: parsed.sectorId ?? null };
  } catch {
    return { siteId: null, sectorId: null };
  }
}

export function ScopeProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState(readStored);
  const sitesQuery = useSites();
  const sites = useMemo(() => sitesQuery.data?.results ?? [], [sitesQuery.data]);
  const siteId = sites.some((s) => s.id === stored.siteId) ? stored.siteId : (sites[0]?.id ?? null);
  const sectorsQuery = useSectors(siteId);
  const sectors = useMemo(() => sectorsQuery.data?.results ?? [], [sectorsQuery.data]);
  const sectorId = sectors.some((s) => s.id === stored.sectorId) ? stored.sectorId : null;

  useEffect(() => {
    localStorage.setItem(KEY, JSON.stringify({ siteId: stored.siteId, sectorId: stored.sectorId }));
  }, [stored]);

  const setSite = useCallback((id: number) => setStored({ siteId: id, sectorId: null }), []);
  const setSector = useCallback((id: number | null) => setStored((s) => ({ ...s, sectorId: id })), []);

  const value = useMemo<Scope>(
    () => ({
      siteId,
      sectorId,
      site: sites.find((s) => s.id === siteId),
      sites,
      sectors,
      sitesLoading: sitesQuery.isPending,
      sectorsLoading: siteId !== null && sectorsQuery.isPending,
      setSite,
      setSector,
      params: {
        ...(siteId !== null ? { site_id: siteId } : {}),
        ...(sectorId !== null ? { sector_id: sectorId } : {}),
      },
    }),
    [siteId, sectorId, sites, sectors, sitesQuery.isPending, sectorsQuery.isPending, setSite, setSector],
  );
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

export function useScope(): Scope {
  const value = useContext(ScopeContext);
  if (!value) throw new Error("useScope needs <ScopeProvider>");
  return value;
}
