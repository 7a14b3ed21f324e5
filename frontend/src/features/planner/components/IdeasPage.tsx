import { useState } from "react";
import { Pagination } from "../../../components/Pagination";
import type { ContentType, Idea, IdeaStatus, QueueResult } from "../../../api/types";
import { useIdeas } from "../api/ideas";
import { useQueueToWriter } from "../api/queueToWriter";
import { useSelection } from "../hooks/useSelection";
import { useScope } from "../../sites/hooks/useScope";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";
import { CONTENT_TYPE_LABELS, IDEA_STATUS_LABELS, STRUCTURE_LABELS } from "../labels";

const STATUSES: IdeaStatus[] = ["new", "queued", "completed", "archived"];
const CONTENT_TYPES: ContentType[] = ["post", "page", "product", "service", "taxonomy"];
const PAGE_SIZE = 25;

export function queueResultMessage(r: QueueResult): string {
  const parts = [`Queued ${r.queued} ${r.queued === 1 ? "idea" : "ideas"} to the writer.`];
  if (r.skipped.length > 0) parts.push(`Skipped ${r.skipped.length}.`);
  if (r.not_found > 0) parts.push(`${r.not_found} not found.`);
  return parts.join(" ");
}

export function IdeasPage() {
  const scope = useScope();
  const { canWrite } = usePermissions();
  const [status, setStatus] = useState<IdeaStatus | "">("");
  const [contentType, setContentType] = useState<ContentType | "">("");
  const [page, setPage] = useState(1);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const selection = useSelection();
  const ideas = useIdeas({ status, contentType, page, pageSize: PAGE_SIZE, siteId: scope.siteId, sectorId: scope.sectorId });
  const queue = useQueueToWriter();

  if (scope.siteId === null) return <Loading label="Loading your sites…" />;

  const toggleExpanded = (id: number) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const count = ideas.data?.count ?? 0;
  const selectedCount = selection.ids.length;

  return (
    <section className="page">
      <header className="page-header">
        <h1>Ideas</h1>
      </header>

      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as IdeaStatus | "");
              setPage(1);
            }}
          >
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {IDEA_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Content type
          <select
            value={contentType}
            onChange={(e) => {
              setContentType(e.target.value as ContentType | "");
              setPage(1);
            }}
          >
            <option value="">Any type</option>
            {CONTENT_TYPES.map((s) => (
              <option key={s} value={s}>
                {CONTENT_TYPE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </form>

      {canWrite && selectedCount > 0 && (
        <div className="bulk-bar" role="region" aria-label="Bulk actions">
          <span>{selectedCount} selected</span>
          <button
            type="button"
            className="primary"
            disabled={queue.isPending}
            onClick={() =>
              queue.mutate(selection.ids, {
                onSuccess: (r) => {
                  setNotice(queueResultMessage(r));
                  selection.clear();
                },
              })
            }
          >
            Queue to writer
          </button>
          <button type="button" onClick={selection.clear}>
            Clear selection
          </button>
        </div>
      )}

      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <FormError error={queue.error} />

      {ideas.isPending && <Loading label="Loading ideas…" />}
      {ideas.isError && <ErrorState error={ideas.error} retry={() => void ideas.refetch()} />}
      {ideas.data && count === 0 && <Empty title="No ideas here yet." />}
      {ideas.data && count > 0 && (
        <>
          <ul className="idea-list" aria-label="Ideas">
            {ideas.data.results.map((idea) => (
              <IdeaItem
                key={idea.id}
                idea={idea}
                expanded={expanded.has(idea.id)}
                onToggleExpanded={() => toggleExpanded(idea.id)}
                selectable={canWrite}
                selected={selection.selected.has(idea.id)}
                onToggleSelected={() => selection.toggle(idea.id)}
              />
            ))}
          </ul>
          <Pagination label="Idea pages" page={page} pageSize={PAGE_SIZE} count={count} onPageChange={setPage} />
        </>
      )}
    </section>
  );
}

interface IdeaItemProps {
  idea: Idea;
  expanded: boolean;
  onToggleExpanded: () => void;
  selectable: boolean;
  selected: boolean;
  onToggleSelected: () => void;
}

export function IdeaItem({ idea, expanded, onToggleExpanded, selectable, selected, onToggleSelected }: IdeaItemProps) {
  const detailId = `idea-${idea.id}-detail`;
  const keywords = [idea.primary_keyword, ...(idea.secondary_keywords ?? [])].filter((k): k is string => Boolean(k));
  return (
    <li className={`idea${selected ? " selected" : ""}`}>
      <div className="idea-head">
        {selectable && (
          <input type="checkbox" aria-label={`Select idea ${idea.title}`} checked={selected} onChange={onToggleSelected} />
        )}
        <button type="button" className="link-button" aria-expanded={expanded} aria-controls={detailId} onClick={onToggleExpanded}>
          {idea.title}
        </button>
        <span className="muted">
          {" "}
          {CONTENT_TYPE_LABELS[idea.content_type ?? "post"]} · {STRUCTURE_LABELS[idea.content_structure ?? "article"]}
          {idea.cluster_name ? ` · ${idea.cluster_name}` : ""}
        </span>
        <span className={`badge status-${idea.status ?? "new"}`}>{IDEA_STATUS_LABELS[idea.status ?? "new"]}</span>
      </div>
      {expanded && (
        <div id={detailId} className="idea-detail" role="region" aria-label={`Outline of ${idea.title}`}>
          {idea.description && <p>{idea.description}</p>}
          {keywords.length > 0 && (
            <p>
              <strong>Keywords:</strong> {keywords.join(", ")}
            </p>
          )}
          {(idea.outline ?? []).length === 0 ? (
            <p className="muted">No outline.</p>
          ) : (
            <ol className="outline">
              {(idea.outline ?? []).map((section, i) => (
                <li key={i}>
                  <h3>{section.heading}</h3>
                  {(section.points ?? []).length > 0 && (
                    <ul>
                      {(section.points ?? []).map((p, j) => (
                        <li key={j}>{p}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </li>
  );
}
