import { useState } from "react";
import { defaultParams, type Catalog, type CatalogParam } from "../api/catalog";
import { actionLabel, paramLabel } from "../labels";
import type { ActionType, Integration } from "../types";
import { FieldMessages } from "./FieldMessages";

export interface ActionState {
  key: number;
  type: ActionType;
  params: Record<string, unknown>;
}

interface Props {
  /** What may be chosen: action types and their parameters (from the API's catalog). */
  catalog: Catalog;
  rows: ActionState[];
  onChange: (rows: ActionState[]) => void;
  newKey: () => number;
  /** Messages for the row itself (`actions.1`, `actions.1.type`, `actions.1.params`). */
  rowErrors: (index: number) => string[];
  /** Messages for one parameter (`actions.1.params.limit`). */
  paramErrors: (index: number, name: string) => string[];
  listErrors: string[];
  destinations: Integration[];
}

function move<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

function ParamInput({
  n,
  spec,
  label: text,
  value,
  onChange,
  errors,
  destinations,
}: {
  n: number;
  spec: CatalogParam;
  label: string;
  value: unknown;
  onChange: (v: unknown) => void;
  errors: string[];
  destinations: Integration[];
}) {
  const label = `Action ${n} ${text.toLowerCase()}`;
  if (spec.kind === "destinations") {
    const chosen = Array.isArray(value) ? (value as unknown[]) : [];
    return (
      <fieldset className="destinations">
        <legend>{text}</legend>
        {destinations.length === 0 ? (
          <p className="muted small">This site has no publishing destinations yet — connect one first.</p>
        ) : (
          destinations.map((d) => (
            <label key={d.id} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.includes(d.id)}
                onChange={(e) => onChange(e.target.checked ? [...chosen, d.id] : chosen.filter((c) => c !== d.id))}
              />
              {d.name || d.platform} <span className="muted">({d.platform})</span>
            </label>
          ))
        )}
        {chosen
          .filter((c) => !destinations.some((d) => d.id === c))
          .map((c) => (
            <span key={String(c)} className="badge">
              {String(c)}
            </span>
          ))}
        <FieldMessages messages={errors} />
      </fieldset>
    );
  }
  if (spec.kind === "choice") {
    return (
      <label>
        {text}
        <select aria-label={label} value={String(value ?? spec.default ?? "")} onChange={(e) => onChange(e.target.value)}>
          {spec.choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <FieldMessages messages={errors} />
      </label>
    );
  }
  return (
    <label>
      {text}
      <input
        type="number"
        aria-label={label}
        min={spec.min ?? undefined}
        max={spec.max ?? undefined}
        value={value === undefined || value === null ? "" : String(value)}
        aria-invalid={errors.length > 0}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      />
      <FieldMessages messages={errors} />
    </label>
  );
}

/** The ordered actions: add, remove, move up / down, and each type's parameters. */
export function ActionsBuilder({ catalog, rows, onChange, newKey, rowErrors, paramErrors, listErrors, destinations }: Props) {
  const [adding, setAdding] = useState<ActionType | undefined>(catalog.actions[0]?.type);
  const set = (index: number, patch: Partial<ActionState>) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <fieldset className="actions-builder">
      <legend>Actions (in order)</legend>
      {rows.length === 0 && <p className="muted">Add at least one action.</p>}
      <ol className="builder-rows" aria-label="Actions">
        {rows.map((row, index) => {
          const n = index + 1;
          const spec = catalog.actions.find((a) => a.type === row.type);
          const errors = rowErrors(index);
          return (
            <li key={row.key} className={errors.length ? "builder-row has-error" : "builder-row"} aria-label={`Action ${n}`}>
              <div className="builder-fields">
                <span className="step-number" aria-hidden="true">
                  {n}.
                </span>
                <label>
                  <span className="sr-only">Action {n} type</span>
                  <select
                    aria-label={`Action ${n} type`}
                    value={row.type}
                    onChange={(e) => {
                      const type = e.target.value as ActionType;
                      set(index, { type, params: defaultParams(catalog, type) });
                    }}
                  >
                    {catalog.actions.map((a) => (
                      <option key={a.type} value={a.type}>
                        {actionLabel(a.type, a.label)}
                      </option>
                    ))}
                    {!spec && <option value={row.type}>{actionLabel(row.type)} (not available)</option>}
                  </select>
                </label>
                <div className="row-buttons">
                  <button
                    type="button"
                    aria-label={`Move action ${n} up`}
                    disabled={index === 0}
                    onClick={() => onChange(move(rows, index, index - 1))}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    aria-label={`Move action ${n} down`}
                    disabled={index === rows.length - 1}
                    onClick={() => onChange(move(rows, index, index + 1))}
                  >
                    ↓
                  </button>
                  <button type="button" aria-label={`Remove action ${n}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
                    Remove
                  </button>
                </div>
              </div>
              <div className="builder-params">
                {(spec?.params ?? []).map((p) => (
                  <ParamInput
                    key={p.name}
                    n={n}
                    spec={p}
                    label={paramLabel(row.type, p.name)}
                    value={row.params[p.name]}
                    errors={paramErrors(index, p.name)}
                    destinations={destinations}
                    onChange={(v) => {
                      const params = { ...row.params };
                      if (v === undefined) delete params[p.name];
                      else params[p.name] = v;
                      set(index, { params });
                    }}
                  />
                ))}
              </div>
              <FieldMessages messages={errors} />
            </li>
          );
        })}
      </ol>
      <FieldMessages messages={listErrors} />
      <div className="inline-form">
        <label className="inline-label">
          <span>New action</span>
          <select value={adding ?? ""} onChange={(e) => setAdding(e.target.value as ActionType)}>
            {catalog.actions.map((a) => (
              <option key={a.type} value={a.type}>
                {actionLabel(a.type, a.label)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            if (adding) onChange([...rows, { key: newKey(), type: adding, params: defaultParams(catalog, adding) }]);
          }}
          disabled={rows.length >= catalog.limits.actions || !adding}
        >
          Add action
        </button>
      </div>
    </fieldset>
  );
}
