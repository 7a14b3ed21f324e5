import { StrictMode } from "react";
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
import { KeywordsPage } from "../features/planner/components/KeywordsPage";
import { ClustersPage } from "../features/planner/components/ClustersPage";
import { IdeasPage } from "../features/planner/components/IdeasPage";
import { TasksPage } from "../features/writer/components/TasksPage";
import { ContentListPage } from "../features/writer/components/ContentListPage";
import { ContentEditorPage } from "../features/writer/components/ContentEditorPage";
import { BillingPage } from "../features/billing/components/BillingPage";
import { SettingsPage } from "../features/settings/components/SettingsPage";
import { AutomationDashboard } from "../features/automation/components/AutomationDashboard";
import { RulesPage } from "../features/automation/components/RulesPage";
import { RuleEditorPage } from "../features/automation/components/RuleEditorPage";
import { WorkflowsPage } from "../features/automation/components/WorkflowsPage";
import { HistoryPage } from "../features/automation/components/HistoryPage";
import { RunDetailPage } from "../features/automation/components/RunDetailPage";
import { Layout } from "./Layout";

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
