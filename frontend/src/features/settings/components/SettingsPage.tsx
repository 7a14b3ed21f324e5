import { Navigate, NavLink, Route, Routes } from "react-router";
import { useMe } from "../../auth/api/me";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { Loading } from "../../../components/States";
import { AccountSettings } from "./AccountSettings";
import { TeamSettings } from "./TeamSettings";
import { SitesSettings } from "./SitesSettings";
import { SiteAccessSettings } from "./SiteAccessSettings";
import { AISettingsPanel } from "./AISettingsPanel";
import { PromptsSettings } from "./PromptsSettings";
import { IntegrationsSettings } from "../../integrations/components/IntegrationsSettings";

export const SETTINGS_TABS = [
  { path: "account", label: "Account" },
  { path: "team", label: "Team" },
  { path: "sites", label: "Sites & sectors" },
  { path: "site-access", label: "Site access", adminOnly: true },
  { path: "ai", label: "AI" },
  { path: "prompts", label: "Prompts" },
  { path: "integrations", label: "Integrations" },
] as const;

/** /settings/*: a sub-navigation and one nested route per tab. */
export function SettingsPage() {
  const me = useMe();
  const { canAdmin } = usePermissions();
  // Which tabs exist depends on the role: don't redirect a deep link before we know it.
  if (me.isPending) return <Loading label="Loading settings…" />;
  const tabs = SETTINGS_TABS.filter((t) => !("adminOnly" in t) || canAdmin);
  return (
    <section className="page settings-page">
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Settings">
          <ul>
            {tabs.map((tab) => (
              <li key={tab.path}>
                <NavLink to={`/settings/${tab.path}`}>{tab.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-content">
          <Routes>
            <Route index element={<Navigate to="/settings/account" replace />} />
            <Route path="account" element={<AccountSettings />} />
            <Route path="team" element={<TeamSettings />} />
            <Route path="sites" element={<SitesSettings />} />
            <Route
              path="site-access"
              element={canAdmin ? <SiteAccessSettings /> : <Navigate to="/settings/account" replace />}
            />
            <Route path="ai" element={<AISettingsPanel />} />
            <Route path="prompts" element={<PromptsSettings />} />
            <Route path="integrations" element={<IntegrationsSettings />} />
            <Route path="*" element={<Navigate to="/settings/account" replace />} />
          </Routes>
        </div>
      </div>
    </section>
  );
}
