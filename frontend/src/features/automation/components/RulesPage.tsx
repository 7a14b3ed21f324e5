import { Link } from "react-router";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { useScope } from "../../sites/hooks/useScope";
import { useRules } from "../api/rules";
import { useAutomationPermissions } from "../hooks/useAutomationPermissions";
import { AutomationNav } from "./AutomationNav";
import { RulesTable } from "./RulesTable";

/** Automation → Rules: every rule of the site, to open in the editor. */
export function RulesPage() {
  const scope = useScope();
  const { canManage } = useAutomationPermissions();
  const rules = useRules(scope.siteId);
  if (scope.siteId === null) return <Loading label="Loading your sites…" />;
  const sectorName = (id: number | null | undefined) => scope.sectors.find((s) => s.id === id)?.name ?? "";
  return (
    <section className="page automation">
      <header className="page-header">
        <h1>Automation rules</h1>
        {canManage && (
          <Link className="button-link primary" to="/automation/rules/new">
            New rule
          </Link>
        )}
      </header>
      <AutomationNav />
      {rules.isPending ? (
        <Loading label="Loading rules…" />
      ) : rules.isError ? (
        <ErrorState error={rules.error} retry={() => void rules.refetch()} />
      ) : rules.data.results.length === 0 ? (
        <Empty title="No automation rules yet — start from a workflow">
          {canManage && (
            <p>
              <Link to="/automation/workflows">Browse workflows</Link> or <Link to="/automation/rules/new">write a rule</Link>.
            </p>
          )}
        </Empty>
      ) : (
        <RulesTable rules={rules.data.results} sectorName={sectorName} />
      )}
    </section>
  );
}
