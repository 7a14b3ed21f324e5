import { useEffect, useState } from "react";
import type { Prompt } from "../types";
import { usePrompts } from "../api/prompts";
import { useSavePrompt } from "../api/savePrompt";
import { useResetPrompt } from "../api/resetPrompt";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { ConfirmDialog } from "../../../components/Dialog";
import { FieldErrors, FormError } from "../../../components/FormError";
import { Empty, ErrorState, Loading } from "../../../components/States";

export const promptLabel = (type: string) => {
  const text = type.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

export function PromptsSettings() {
  const prompts = usePrompts();
  const [selected, setSelected] = useState<string | null>(null);
  if (prompts.isPending) return <Loading label="Loading prompts…" />;
  if (prompts.isError) return <ErrorState error={prompts.error} retry={() => void prompts.refetch()} />;
  const rows = prompts.data;
  const current = rows.find((p) => p.prompt_type === selected) ?? rows[0];
  return (
    <section aria-labelledby="prompts-title" className="stack">
      <h2 id="prompts-title">Prompts</h2>
      <p className="muted">
        The instructions IGNY8 gives the AI for each job. Edit one to make it yours; reset it to go back to the default.
      </p>
      {rows.length === 0 && <Empty title="No prompt types." />}
      {current && (
        <div className="prompts-layout">
          <ul className="prompt-types" aria-label="Prompt types">
            {rows.map((p) => (
              <li key={p.prompt_type}>
                <button
                  type="button"
                  aria-current={p.prompt_type === current.prompt_type ? "true" : undefined}
                  className={p.prompt_type === current.prompt_type ? "active" : ""}
                  onClick={() => setSelected(p.prompt_type)}
                >
                  {promptLabel(p.prompt_type)}
                  {p.is_customized && <span className="badge">customized</span>}
                </button>
              </li>
            ))}
          </ul>
          <PromptEditor key={current.prompt_type} prompt={current} />
        </div>
      )}
    </section>
  );
}

function PromptEditor({ prompt }: { prompt: Prompt }) {
  const { canAdmin } = usePermissions();
  const save = useSavePrompt();
  const reset = useResetPrompt();
  const [template, setTemplate] = useState(prompt.template);
  // The saved text changed on the server (saved or reset): show it.
  useEffect(() => setTemplate(prompt.template), [prompt.template]);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const label = promptLabel(prompt.prompt_type);
  const variables = Object.entries(prompt.variables ?? {});
  const fieldId = `prompt-${prompt.prompt_type}`;

  return (
    <div className="prompt-editor stack">
      <h3>
        {label} {prompt.is_customized ? <span className="badge">customized</span> : <span className="badge">default</span>}
      </h3>
      {variables.length > 0 && (
        <div>
          <p className="muted">Variables you can use (write them in curly braces):</p>
          <dl className="variables">
            {variables.map(([name, description]) => (
              <div key={name}>
                <dt>
                  <code>{`{${name}}`}</code>
                </dt>
                <dd>{description}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          setNotice(null);
          save.mutate({ promptType: prompt.prompt_type, template }, { onSuccess: () => setNotice("Prompt saved.") });
        }}
      >
        <label htmlFor={fieldId}>Template for {label}</label>
        <textarea
          id={fieldId}
          className="prompt-template"
          rows={16}
          value={template}
          readOnly={!canAdmin}
          disabled={save.isPending}
          onChange={(e) => setTemplate(e.target.value)}
        />
        <FieldErrors error={save.error} field="template" />
        <FormError error={save.error ?? reset.error} />
        {notice && (
          <p className="notice ok" role="status">
            {notice}
          </p>
        )}
        {canAdmin && (
          <div className="toolbar">
            <button type="submit" className="primary" disabled={save.isPending || template === prompt.template || !template.trim()}>
              {save.isPending ? "Saving…" : "Save prompt"}
            </button>
            {prompt.is_customized && (
              <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={reset.isPending}>
                Reset to default
              </button>
            )}
          </div>
        )}
      </form>
      {prompt.is_customized && (
        <details>
          <summary>Show the default prompt</summary>
          <pre className="prompt-default">{prompt.default_template}</pre>
        </details>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Reset ${label} to the default?`}
          confirmLabel="Reset prompt"
          busy={reset.isPending}
          error={reset.error}
          onCancel={() => {
            reset.reset();
            setConfirming(false);
          }}
          onConfirm={() =>
            reset.mutate(prompt.prompt_type, {
              onSuccess: () => {
                setConfirming(false);
                setNotice("Prompt reset to the default.");
              },
            })
          }
        >
          <p>Your edited version is deleted and IGNY8's default prompt is used again.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
