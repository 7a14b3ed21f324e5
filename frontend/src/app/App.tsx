import { lazy, StrictMode, type ComponentType } from "react";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { SessionProvider } from "../features/auth/hooks/useSession";
import { RequireAuth } from "../features/auth/components/RequireAuth";
import { AccountProvider } from "../features/auth/hooks/useAccount";
import { LoginPage } from "../features/auth/components/LoginPage";
import { RegisterPage } from "../features/auth/components/RegisterPage";
import { ScopeProvider } from "../features/sites/hooks/useScope";
import { OnboardingPage } from "../features/sites/components/OnboardingPage";
import { DashboardPage } from "../features/dashboard/components/DashboardPage";
import { Layout } from "./Layout";

// Sections beyond the dashboard load on first visit (one chunk each), so the first screen
// downloads less; Layout shows "Loading…" meanwhile.
function lazyPage<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M) {
  return lazy(() => load().then((module) => ({ default: module[name] as ComponentType })));
}
const KeywordsPage = lazyPage(() => import("../features/planner/components/KeywordsPage"), "KeywordsPage");
const ClustersPage = lazyPage(() => import("../features/planner/components/ClustersPage"), "ClustersPage");
const IdeasPage = lazyPage(() => import("../features/planner/components/IdeasPage"), "IdeasPage");
const TasksPage = lazyPage(() => import("../features/writer/components/TasksPage"), "TasksPage");
const ContentListPage = lazyPage(() => import("../features/writer/components/ContentListPage"), "ContentListPage");
const ContentEditorPage = lazyPage(() => import("../features/writer/components/ContentEditorPage"), "ContentEditorPage");
const BillingPage = lazyPage(() => import("../features/billing/components/BillingPage"), "BillingPage");
const SettingsPage = lazyPage(() => import("../features/settings/components/SettingsPage"), "SettingsPage");
const AutomationDashboard = lazyPage(() => import("../features/automation/components/AutomationDashboard"), "AutomationDashboard");
const RulesPage = lazyPage(() => import("../features/automation/components/RulesPage"), "RulesPage");
const RuleEditorPage = lazyPage(() => import("../features/automation/components/RuleEditorPage"), "RuleEditorPage");
const WorkflowsPage = lazyPage(() => import("../features/automation/components/WorkflowsPage"), "WorkflowsPage");
const HistoryPage = lazyPage(() => import("../features/automation/components/HistoryPage"), "HistoryPage");
const RunDetailPage = lazyPage(() => import("../features/automation/components/RunDetailPage"), "RunDetailPage");

export function App({ queryClient }: { queryClient: QueryClient }) {
  return (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/register" element={<RegisterPage />} />
              <Route
                element={
                  <RequireAuth>
                    <AccountProvider>
                      <ScopeProvider>
                        <Layout />
                      </ScopeProvider>
                    </AccountProvider>
                  </RequireAuth>
                }
              >
                <Route index element={<DashboardPage />} />
                <Route path="onboarding" element={<OnboardingPage />} />
                <Route path="planner" element={<KeywordsPage />} />
                <Route path="planner/keywords" element={<Navigate to="/planner" replace />} />
                <Route path="planner/clusters" element={<ClustersPage />} />
                <Route path="planner/ideas" element={<IdeasPage />} />
                <Route path="writer" element={<Navigate to="/writer/tasks" replace />} />
                <Route path="writer/tasks" element={<TasksPage />} />
                <Route path="writer/content" element={<ContentListPage />} />
                <Route path="writer/content/:contentId" element={<ContentEditorPage />} />
                <Route path="automation" element={<AutomationDashboard />} />
                <Route path="automation/rules" element={<RulesPage />} />
                <Route path="automation/rules/:ruleId" element={<RuleEditorPage />} />
                <Route path="automation/workflows" element={<WorkflowsPage />} />
                <Route path="automation/history" element={<HistoryPage />} />
                <Route path="automation/history/:runId" element={<RunDetailPage />} />
                <Route path="billing" element={<BillingPage />} />
                <Route path="settings/*" element={<SettingsPage />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </QueryClientProvider>
    </StrictMode>
  );
}

function NotFound() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>This page doesn't exist. Use the menu above to find your way.</p>
    </section>
  );
}
