import { CONDITION_FIELDS, OPERATORS, fieldLabel, operatorsFor } from "../labels";
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
  rows: ConditionState[];
  onChange: (rows: ConditionState[]) => void;
  newKey: () => number;
  errorsFor: (index: number) => string[];
  listErrors: string[];
}

export function ConditionsBuilder({ trigger, rows, onChange, newKey, errorsFor, listErrors }: Props) {
  const fields = CONDITION_FIELDS[trigger];
  const names = Object.keys(fields);
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
          const kind = fields[row.field];
          const ops = operatorsFor(kind);
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
                      const nextOps = operatorsFor(fields[e.target.value]);
                      set(index, {
                        field: e.target.value,
                        operator: nextOps.includes(row.operator) ? row.operator : (nextOps[0] as Operator),
                      });
                    }}
                  >
                    {names.map((f) => (
                      <option key={f} value={f}>
                        {fieldLabel(f)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  <span className="sr-only">Condition {n} operator</span>
                  <select
                    aria-label={`Condition ${n} operator`}
                    value={row.operator}
                    onChange={(e) => set(index, { operator: e.target.value as Operator })}
                  >
                    {OPERATORS.filter((o) => ops.includes(o.value)).map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
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
          const field = names[0] ?? "";
          onChange([...rows, { key: newKey(), field, operator: operatorsFor(fields[field])[0] as Operator, value: "" }]);
        }}
      >
        Add condition
      </button>
    </fieldset>
  );
}
