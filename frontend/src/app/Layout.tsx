import { Suspense } from "react";
import { NavLink, Navigate, Outlet, useLocation } from "react-router";
import { useMe } from "../features/auth/api/me";
import { useLogout } from "../features/auth/api/logout";
import { useScope } from "../features/sites/hooks/useScope";
import { SectorSelector, SiteSelector } from "../features/sites/components/ScopeSelectors";
import { CreditBalance } from "../features/billing/components/CreditBalance";
import { NotificationBell } from "../features/jobs/components/NotificationBell";
import { AccountSwitcher } from "../features/auth/components/AccountSwitcher";
import { ErrorState, Loading } from "../components/States";
import { PageErrorBoundary } from "../components/PageErrorBoundary";

export function Layout() {
  const me = useMe();
  const logout = useLogout();
  const scope = useScope();
  const location = useLocation();

  if (me.isPending || scope.sitesLoading) return <Loading label="Loading your workspace…" />;
  if (me.isError) return <ErrorState error={me.error} retry={() => void me.refetch()} />;
  if (scope.sites.length === 0 && location.pathname !== "/onboarding") return <Navigate to="/onboarding" replace />;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">IGNY8</span>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Dashboard
          </NavLink>
          <NavLink to="/planner" end>
            Planner
          </NavLink>
          <NavLink to="/planner/clusters">Clusters</NavLink>
          <NavLink to="/planner/ideas">Ideas</NavLink>
          <NavLink to="/writer/tasks">Tasks</NavLink>
          <NavLink to="/writer/content">Content</NavLink>
          <NavLink to="/automation">Automation</NavLink>
          <NavLink to="/billing">Billing</NavLink>
          <NavLink to="/settings">Settings</NavLink>
        </nav>
        <div className="scope">
          <SiteSelector />
          <SectorSelector />
        </div>
        <div className="header-right">
          <AccountSwitcher />
          <CreditBalance />
          <NotificationBell />
          <span className="user" title={me.data.user.email}>
            {me.data.user.full_name || me.data.user.email}
            {me.data.role && <span className="badge">{me.data.role}</span>}
          </span>
          <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
            Log out
          </button>
        </div>
      </header>
      <main id="main">
        <PageErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<Loading label="Loading…" />}>
            <Outlet />
          </Suspense>
        </PageErrorBoundary>
      </main>
    </div>
  );
}
