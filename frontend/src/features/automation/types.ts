// Friendly names for the automation API types (all from the generated schema).
import type { components } from "../../api/schema";

type S = components["schemas"];

export type Rule = S["Rule"];
export type RuleRequest = S["RuleRequest"];
export type Run = S["Run"];
export type RunStatus = S["RunStatusEnum"];
export type Trigger = S["AutomationTriggerEnum"];
export type ActionType = S["AutomationActionTypeEnum"];
export type Operator = S["OperatorEnum"];
export type DryRun = S["DryRun"];
export type Template = S["Template"];
export type Integration = S["Integration"];

export interface ConditionRow {
  field: string;
  operator: Operator;
  value: unknown;
}

export interface ActionRow {
  type: ActionType;
  params: Record<string, unknown>;
}

/** One action's outcome inside a run's `results`. */
export interface ActionResult {
  type: ActionType;
  status: string;
  items?: number;
  processed?: number;
  credits?: number;
  outputs?: number;
  errors?: { item: string; error: string }[];
}

/** One error inside a run's `errors`. */
export interface RunError {
  action: number;
  type: ActionType;
  item: string;
  error: string;
}

export const ACTIVE_RUN_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>(["queued", "running", "paused"]);
export const isActiveRun = (run: Pick<Run, "status"> | undefined | null): boolean =>
  !!run && ACTIVE_RUN_STATUSES.has(run.status);

export function runResults(run: Run): ActionResult[] {
  return Array.isArray(run.results) ? (run.results as ActionResult[]) : [];
}

export function runErrors(run: Run): RunError[] {
  return Array.isArray(run.errors) ? (run.errors as RunError[]) : [];
}
