import { useEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { useScope } from "../../sites/hooks/useScope";
import { useBalance } from "../../billing/api/balance";
import { useRules } from "../api/rules";
import { useRuns } from "../api/runs";
import { useAutomationPermissions } from "../hooks/useAutomationPermissions";
import { isActiveRun, type Run } from "../types";
import { AutomationNav } from "./AutomationNav";
import { RulesTable } from "./RulesTable";
import { RunPanel } from "./RunProgress";
import { refreshQueries } from "../../../api/refresh";

const RECENT = 50;

/** Automation → Dashboard: the site's rules, the current run (live), recent outcomes. */
export function AutomationDashboard({ pollMs = 1500 }: { pollMs?: number }) {
  const scope = useScope();
  const { canManage } = useAutomationPermissions();
  const queryClient = useQueryClient();
  const rules = useRules(scope.siteId);
  const runs = useRuns({ siteId: scope.siteId, page: 1, pageSize: RECENT }, pollMs);
  const balance = useBalance();
  const [notice, setNotice] = useState("");

  const recent = useMemo(() => runs.data?.results ?? [], [runs.data]);
  const current = recent.find((r) => isActiveRun(r));
  const lastRuns = useMemo(() => {
    const map = new Map<number, Run>();
    for (const run of recent) if (!map.has(run.rule)) map.set(run.rule, run);
    return map;
  }, [recent]);

  // When the current run ends, what it made (clusters, content, credits) is new elsewhere too.
  const watched = useRef<number | null>(null);
  useEffect(() => {
    if (current) watched.current = current.id;
    else if (watched.current !== null) {
      watched.current = null;
      void refreshQueries(queryClient, ["billing"]);
      void refreshQueries(queryClient, ["planner"]);
      void refreshQueries(queryClient, ["writer"]);
      void refreshQueries(queryClient, ["automation", "rules"]);
    }
  }, [current, queryClient]);

  const finished = recent.find((r) => !isActiveRun(r));

  if (scope.siteId === null) return <Loading label="Loading your sites…" />;
  const sectorName = (id: number | null | undefined) => scope.sectors.find((s) => s.id === id)?.name ?? "";

  return (
    <section className="page automation">
      <header className="page-header">
        <h1>Automation{scope.site ? ` — ${scope.site.name}` : ""}</h1>
        {canManage && (
          <div className="toolbar">
            <Link className="button-link" to="/automation/workflows">
              Start from a workflow
            </Link>
            <Link className="button-link primary" to="/automation/rules/new">
              New rule
            </Link>
          </div>
        )}
      </header>
      <AutomationNav />

      {balance.data?.low_credit && (
        <p className="notice" role="status">
          Credits are low ({balance.data.balance.toLocaleString()} left). Rules stop when an action can't be paid
          for — <Link to="/billing">see billing</Link>.
        </p>
      )}

      <h2 className="section-title">Current run</h2>
      {runs.isError ? (
        <ErrorState error={runs.error} retry={() => void runs.refetch()} />
      ) : runs.isPending ? (
        <Loading label="Loading runs…" />
      ) : current ? (
        <div className="card">
          <RunPanel run={current} />
        </div>
      ) : (
        <p className="muted">
          Nothing is running.
          {finished && (
            <>
              {" "}
              Last run: <Link to={`/automation/history/${finished.id}`}>{finished.rule_name}</Link> —{" "}
              {finished.message || finished.status}
            </>
          )}
        </p>
      )}
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}

      <h2 className="section-title">Rules</h2>
      {rules.isPending ? (
        <Loading label="Loading rules…" />
      ) : rules.isError ? (
        <ErrorState error={rules.error} retry={() => void rules.refetch()} />
      ) : rules.data.results.length === 0 ? (
        <Empty title="No automation rules yet — start from a workflow">
          {canManage ? (
            <p>
              <Link to="/automation/workflows">Browse workflows</Link> or <Link to="/automation/rules/new">write a rule</Link>.
            </p>
          ) : (
            <p>An owner or admin of this account can set up automation.</p>
          )}
        </Empty>
      ) : (
        <RulesTable
          rules={rules.data.results}
          lastRuns={lastRuns}
          showRunNow
          sectorName={sectorName}
          onRunQueued={(run) => setNotice(run.status === "queued" ? `${run.rule_name}: run queued.` : run.message)}
        />
      )}
    </section>
  );
}
