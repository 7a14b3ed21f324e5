import type { CatalogField } from "../api/catalog";
import { fieldLabel, operatorLabel } from "../labels";
import type { Operator, Trigger } from "../types";
import { FieldMessages } from "./FieldMessages";

export interface ConditionState {
  key: number;
  field: string;
  operator: Operator;
  /** As typed; `in` takes a comma-separated list. */
  value: string;
}

interface Props {
  trigger: Trigger;
  /** The trigger's condition fields, each with its type and allowed operators (from the catalog). */
  fields: CatalogField[];
  /** Conditions per rule at most (from the catalog). */
  maxRows: number;
  rows: ConditionState[];
  onChange: (rows: ConditionState[]) => void;
  newKey: () => number;
  errorsFor: (index: number) => string[];
  listErrors: string[];
}

export function ConditionsBuilder({ trigger, fields, maxRows, rows, onChange, newKey, errorsFor, listErrors }: Props) {
  const byName = new Map(fields.map((f) => [f.name, f]));
  // A saved condition on a field the API no longer offers stays visible (the server reports it on save).
  const operatorsOf = (name: string, current?: Operator): Operator[] =>
    byName.get(name)?.operators ?? (current ? [current] : []);
  const set = (index: number, patch: Partial<ConditionState>) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <fieldset className="conditions-builder">
      <legend>Conditions</legend>
      <p className="muted small">
        {trigger === "schedule"
          ? "Checked against the site when the rule is due; all must hold."
          : "Checked for every new item; the rule works only on the items that match all of them."}
      </p>
      {rows.length === 0 && <p className="muted">No conditions: the rule always runs.</p>}
      <ol className="builder-rows">
        {rows.map((row, index) => {
          const n = index + 1;
          const kind = byName.get(row.field)?.type;
          const ops = operatorsOf(row.field, row.operator);
          const errors = errorsFor(index);
          const errId = `cond-${row.key}-err`;
          return (
            <li key={row.key} className={errors.length ? "builder-row has-error" : "builder-row"}>
              <div className="builder-fields">
                <label>
                  <span className="sr-only">Condition {n} field</span>
                  <select
                    aria-label={`Condition ${n} field`}
                    value={row.field}
                    onChange={(e) => {
                      const nextOps = operatorsOf(e.target.value);
                      set(index, {
                        field: e.target.value,
                        operator: nextOps.includes(row.operator) ? row.operator : (nextOps[0] as Operator),
                      });
                    }}
                  >
                    {fields.map((f) => (
                      <option key={f.name} value={f.name}>
                        {fieldLabel(f.name)}
                      </option>
                    ))}
                    {!byName.has(row.field) && <option value={row.field}>{fieldLabel(row.field)} (not available)</option>}
                  </select>
                </label>
                <label>
                  <span className="sr-only">Condition {n} operator</span>
                  <select
                    aria-label={`Condition ${n} operator`}
                    value={row.operator}
                    onChange={(e) => set(index, { operator: e.target.value as Operator })}
                  >
                    {ops.map((o) => (
                      <option key={o} value={o}>
                        {operatorLabel(o)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  <span className="sr-only">Condition {n} value</span>
                  <input
                    aria-label={`Condition ${n} value`}
                    value={row.value}
                    inputMode={kind === "int" || kind === "num" ? "decimal" : undefined}
                    placeholder={row.operator === "in" ? "a, b, c" : kind === "int" || kind === "num" ? "number" : "text"}
                    aria-invalid={errors.length > 0}
                    aria-describedby={errors.length ? errId : undefined}
                    onChange={(e) => set(index, { value: e.target.value })}
                  />
                </label>
                <button
                  type="button"
                  aria-label={`Remove condition ${n}`}
                  onClick={() => onChange(rows.filter((_, i) => i !== index))}
                >
                  Remove
                </button>
              </div>
              <FieldMessages id={errId} messages={errors} />
            </li>
          );
        })}
      </ol>
      <FieldMessages messages={listErrors} />
      <button
        type="button"
        onClick={() => {
          const first = fields[0];
          if (!first) return;
          onChange([...rows, { key: newKey(), field: first.name, operator: first.operators[0] as Operator, value: "" }]);
        }}
        disabled={fields.length === 0 || rows.length >= maxRows}
      >
        Add condition
      </button>
    </fieldset>
  );
}
