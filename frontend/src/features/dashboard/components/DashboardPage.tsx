import { Link } from "react-router";
import { STAGES, useStageCounts } from "../api/stageCount";
import { useScope } from "../../sites/hooks/useScope";
import { useBalance } from "../../billing/api/balance";
import { useRecentJobs } from "../../jobs/api/jobs";
import { jobLabel, jobStatusText } from "../../jobs/jobText";
import { Empty, ErrorState, Loading } from "../../../components/States";

export function DashboardPage() {
  const scope = useScope();
  const counts = useStageCounts(scope.params);
  const balance = useBalance();
  const jobs = useRecentJobs(5);

  return (
    <section className="page">
      <h1>Dashboard{scope.site ? ` — ${scope.site.name}` : ""}</h1>
      <h2 className="section-title">Your pipeline</h2>
      <ol className="stage-grid" aria-label="Items per pipeline stage">
        {STAGES.map((stage, index) => {
          const q = counts[index];
          return (
            <li key={stage.key}>
              <Link to={stage.to} className="card stage">
                <span className="stage-label">{stage.label}</span>
                <span className="stage-count">
                  {q?.isPending ? "…" : q?.isError ? "—" : (q?.data ?? 0).toLocaleString()}
                </span>
              </Link>
            </li>
          );
        })}
      </ol>
      <div className="two-col">
        <div className="card">
          <h2 className="section-title">Credits this month</h2>
          {balance.isPending && <Loading />}
          {balance.isError && <ErrorState error={balance.error} />}
          {balance.data && (
            <>
              <p className="big">{balance.data.used_this_month.toLocaleString()} used</p>
              <p className="muted">
                {balance.data.balance.toLocaleString()} left of {balance.data.monthly_credits.toLocaleString()} a month
                on the {balance.data.plan.name} plan.
              </p>
            </>
          )}
        </div>
        <div className="card">
          <h2 className="section-title">Recent jobs</h2>
          {jobs.isPending && <Loading />}
          {jobs.isError && <ErrorState error={jobs.error} retry={() => void jobs.refetch()} />}
          {jobs.data && jobs.data.results.length === 0 && (
            <Empty title="No jobs yet">
              <p>
                Start by <Link to="/planner">importing keywords</Link> and clustering them.
              </p>
            </Empty>
          )}
          {jobs.data && jobs.data.results.length > 0 && (
            <ul className="job-list">
              {jobs.data.results.map((job) => (
                <li key={job.id}>
                  <span className={`badge status-${job.status}`}>{job.status}</span> <strong>{jobLabel(job.kind, job.payload)}</strong>
                  <span className="muted"> — {jobStatusText(job)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
