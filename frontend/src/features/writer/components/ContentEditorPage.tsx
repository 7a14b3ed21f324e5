import { useCallback, useEffect, useId, useState, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../api/client";
import { useContent } from "../api/content";
import { useUpdateContent } from "../api/updateContent";
import { useSetContentStatus } from "../api/setContentStatus";
import { CONTENT_LABELS as L, STATUS_ACTION_LABELS } from "../labels";
import {
  ENTITY_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  type Content,
  type ContentPatch,
  type ContentStatus,
} from "../types";
import {
  formatDate,
  META_DESCRIPTION_LIMIT,
  META_DESCRIPTION_MIN,
  META_DESCRIPTION_TARGET,
  META_TITLE_LIMIT,
  metaDescriptionHint,
  metaTitleHint,
  previewDocument,
} from "../format";
import { VersionsPanel } from "./VersionsPanel";
import { ImagesGallery } from "./ImagesGallery";
import { PublishDialog } from "../../publishing/components/PublishDialog";
import { PublishingPanel } from "../../publishing/components/PublishingPanel";
import { usePreviewImageSources } from "../hooks/usePreviewImageSources";
import { useDebouncedValue } from "../../planner/hooks/useDebouncedValue";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";

export function ContentEditorPage() {
  const { contentId } = useParams();
  const id = Number(contentId);
  if (!Number.isInteger(id) || id <= 0) {
    return (
      <section className="page">
        <Empty title="We couldn't find that content.">
          <p>
            <Link to="/writer/content">{L.editorBackLink}</Link>
          </p>
        </Empty>
      </section>
    );
  }
  return <ContentEditorLoader key={id} id={id} />;
}

function ContentEditorLoader({ id }: { id: number }) {
  const content = useContent(id);
  // Once loaded, a failed background refetch must not replace the editor (and its unsaved edits).
  if (content.data) return <ContentEditor content={content.data} />;
  if (content.isPending) return <Loading label="Loading content…" />;
  if (content.error instanceof ApiError && content.error.status === 404) {
    return (
      <section className="page">
        <h1>Content not found</h1>
        <p>This article doesn't exist, or it belongs to a site you can't open.</p>
        <p>
          <Link to="/writer/content">{L.editorBackLink}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="page">
      <p>
        <Link to="/writer/content">{L.editorBackLink}</Link>
      </p>
      <ErrorState error={content.error} retry={() => void content.refetch()} />
    </section>
  );
}

/** The fields this page edits, as text. */
const FORM_FIELDS = ["title", "slug", "meta_title", "meta_description", "primary_keyword", "html"] as const;
type FormField = (typeof FORM_FIELDS)[number];
type Form = Record<FormField, string>;

export function formOf(content: Content): Form {
  return {
    title: content.title ?? "",
    slug: content.slug ?? "",
    meta_title: content.meta_title ?? "",
    meta_description: content.meta_description ?? "",
    primary_keyword: content.primary_keyword ?? "",
    html: content.html ?? "",
  };
}

/** Only the fields that differ from what was loaded: a PATCH never overwrites what nobody touched. */
export function changedFields(form: Form, base: Form): ContentPatch {
  const patch: ContentPatch = {};
  for (const field of FORM_FIELDS) if (form[field] !== base[field]) patch[field] = form[field];
  return patch;
}

const STATUS_MOVES: Record<ContentStatus, (keyof typeof STATUS_ACTION_LABELS)[]> = {
  draft: ["review", "approved"],
  review: ["approved", "draft"],
  approved: ["review", "draft"],
  published: [],
};

function ContentEditor({ content }: { content: Content }) {
  const { canWrite } = usePermissions();
  const [baseline, setBaseline] = useState(content);
  const [form, setForm] = useState(() => formOf(content));
  const [notice, setNotice] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);

  const adopt = useCallback((next: Content, message: string | null) => {
    setBaseline(next);
    setForm(formOf(next));
    setNotice(message);
  }, []);
  const update = useUpdateContent(content.id, (saved) => adopt(saved, L.savedNotice));
  const status = useSetContentStatus(content.id, (changed) => {
    setBaseline(changed); // status is not a form field: unsaved edits stay
    setNotice(`Status set to ${STATUS_LABELS[changed.status]}.`);
  });

  const baseForm = formOf(baseline);
  const patch = changedFields(form, baseForm);
  const dirty = Object.keys(patch).length > 0;
  const serverChanged = content.updated_at !== baseline.updated_at;
  const serverFieldsChanged = serverChanged && Object.keys(changedFields(formOf(content), baseForm)).length > 0;

  // Someone (an image job, another tab) changed the content: take it over unless it would throw away edits.
  useEffect(() => {
    if (!serverChanged) return;
    if (!dirty) {
      setBaseline(content);
      setForm(formOf(content));
    } else if (!serverFieldsChanged) {
      setBaseline(content);
    }
  }, [content, serverChanged, serverFieldsChanged, dirty]);

  // Leaving the page (reload, close, another site) with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const set = (field: FormField) => (value: string) => {
    setForm((prev) => ({ ...prev, [field]: value }));
    setNotice(null);
  };
  const fieldErrors = update.error instanceof ApiError ? update.error.errors : {};
  const previewHtml = useDebouncedValue(form.html, 250);
  const imageSources = usePreviewImageSources(content.id);
  const readOnly = !canWrite;

  return (
    <section className="page content-editor">
      <p className="back-link">
        <Link to="/writer/content">{L.editorBackLink}</Link>
      </p>
      <header className="page-header">
        <h1>{baseline.title || "(untitled)"}</h1>
        <div className="content-meta">
          <span className={`badge content-status-${baseline.status}`}>{STATUS_LABELS[baseline.status]}</span>
          <span className="muted">
            {ENTITY_LABELS[baseline.entity_type ?? "post"]} · {baseline.word_count.toLocaleString()} words ·{" "}
            {SOURCE_LABELS[baseline.source]} · updated {formatDate(baseline.updated_at)}
          </span>
        </div>
      </header>

      {baseline.generated_by === "offline" && (
        <p className="notice" role="note">
          <strong>Offline draft.</strong> This was written without an AI provider, from templates and your keywords.
          Edit it by hand, or add an AI provider in Settings and generate it again.
        </p>
      )}

      {canWrite && STATUS_MOVES[baseline.status].length > 0 && (
        <div className="toolbar status-actions" role="group" aria-label="Editorial status">
          {STATUS_MOVES[baseline.status].map((to) => (
            <button
              key={to}
              type="button"
              className={to === "approved" ? "primary" : ""}
              disabled={status.isPending}
              onClick={() => status.mutate(to)}
            >
              {STATUS_ACTION_LABELS[to]}
            </button>
          ))}
        </div>
      )}
      {canWrite && (
        <div className="toolbar publish-actions">
          <button type="button" className="primary" onClick={() => setPublishing(true)}>
            Publish
          </button>
          {dirty && <span className="muted">Save your changes first: publishing sends the saved version.</span>}
        </div>
      )}
      {publishing && <PublishDialog content={{ id: baseline.id, site: baseline.site, title: baseline.title }} onClose={() => setPublishing(false)} />}
      {baseline.status === "published" && (
        <p className="muted">Published content changes status only through publishing.</p>
      )}
      <FormError error={status.error} />

      {serverChanged && serverFieldsChanged && dirty && (
        <div className="notice stale-notice" role="alert">
          <p>This content changed since you opened it (for example, images were added). Saving keeps your edits and
            overwrites the fields you changed.</p>
          <button type="button" onClick={() => adopt(content, "Loaded the latest version.")}>
            Discard my edits and load the latest
          </button>
        </div>
      )}
      {notice && (
        <p className="notice ok-notice" role="status">
          {notice}
        </p>
      )}

      <form
        className="editor-form"
        aria-label="Edit content"
        onSubmit={(e) => {
          e.preventDefault();
          if (!canWrite || !dirty) return;
          setNotice(null);
          update.mutate(patch);
        }}
      >
        <div className="editor-fields">
          <TextField label={L.titleInput} name="title" value={form.title} onChange={set("title")} readOnly={readOnly} errors={fieldErrors} required />
          <TextField label={L.slugInput} name="slug" value={form.slug} onChange={set("slug")} readOnly={readOnly} errors={fieldErrors} />
          <TextField
            label={L.primaryKeywordInput}
            name="primary_keyword"
            value={form.primary_keyword}
            onChange={set("primary_keyword")}
            readOnly={readOnly}
            errors={fieldErrors}
          />
          <TextField
            label={L.metaTitleInput}
            name="meta_title"
            value={form.meta_title}
            onChange={set("meta_title")}
            readOnly={readOnly}
            errors={fieldErrors}
            hint={<Counter length={form.meta_title.length} limit={META_TITLE_LIMIT} hint={metaTitleHint(form.meta_title.length)} />}
          />
          <TextField
            label={L.metaDescriptionInput}
            name="meta_description"
            value={form.meta_description}
            onChange={set("meta_description")}
            readOnly={readOnly}
            errors={fieldErrors}
            multiline
            hint={
              <Counter
                length={form.meta_description.length}
                limit={META_DESCRIPTION_LIMIT}
                target={`aim for ${META_DESCRIPTION_MIN}–${META_DESCRIPTION_TARGET}`}
                hint={metaDescriptionHint(form.meta_description.length)}
              />
            }
          />
        </div>

        <div className="editor-split">
          <div className="editor-source">
            <TextField
              label={L.htmlInput}
              name="html"
              value={form.html}
              onChange={set("html")}
              readOnly={readOnly}
              errors={fieldErrors}
              multiline
              code
            />
          </div>
          <div className="editor-preview">
            <p className="preview-label" id="preview-label">
              {L.previewFrame}
            </p>
            {/* sandbox="" : no scripts, no same-origin access, no forms, no navigation of this page */}
            <iframe title={L.previewFrame} sandbox="" srcDoc={previewDocument(previewHtml, imageSources)} className="preview-frame" />
          </div>
        </div>

        <FormError error={update.error} />
        {canWrite && (
          <div className="editor-actions">
            <span className="muted" aria-live="polite">
              {dirty ? "You have unsaved changes." : "No unsaved changes."}
            </span>
            <button
              type="button"
              onClick={() => {
                setForm(baseForm);
                update.reset();
                setNotice(null);
              }}
              disabled={!dirty || update.isPending}
            >
              Discard changes
            </button>
            <button type="submit" className="primary" disabled={!dirty || update.isPending}>
              {update.isPending ? "Saving…" : L.saveButton}
            </button>
          </div>
        )}
      </form>

      <div className="editor-panels">
        <VersionsPanel
          contentId={content.id}
          canWrite={canWrite}
          dirty={dirty}
          onRestored={(restored, version) => adopt(restored, `Restored version ${version}.`)}
        />
        <ImagesGallery contentId={content.id} canWrite={canWrite} />
        <PublishingPanel content={{ ...formOf(baseline), id: content.id }} canWrite={canWrite} />
      </div>
    </section>
  );
}

interface TextFieldProps {
  label: string;
  name: FormField;
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  errors: Record<string, string[]>;
  hint?: ReactNode;
  multiline?: boolean;
  code?: boolean;
  required?: boolean;
}

function TextField({ label, name, value, onChange, readOnly, errors, hint, multiline, code, required }: TextFieldProps) {
  const id = useId();
  const messages = errors[name] ?? [];
  const describedBy = [hint ? `${id}-hint` : "", messages.length ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    value,
    readOnly,
    required,
    "aria-invalid": messages.length > 0 || undefined,
    "aria-describedby": describedBy,
  };
  return (
    <div className={`field field-${name}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea
          {...common}
          className={code ? "code-input" : undefined}
          rows={code ? 24 : 3}
          spellCheck={!code}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input {...common} type="text" onChange={(e) => onChange(e.target.value)} />
      )}
      {hint && <div id={`${id}-hint`}>{hint}</div>}
      {messages.length > 0 && (
        <p className="field-error" id={`${id}-error`}>
          {messages.join(" ")}
        </p>
      )}
    </div>
  );
}

function Counter({
  length,
  limit,
  target,
  hint,
}: {
  length: number;
  limit: number;
  target?: string;
  hint: { text: string; tone: string };
}) {
  return (
    <p className={`counter counter-${hint.tone}`}>
      <span>
        {length} / {limit} characters{target ? ` (${target})` : ""}
      </span>{" "}
      <span>{hint.text}</span>
    </p>
  );
}
