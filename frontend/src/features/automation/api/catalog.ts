import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client";
import type { components } from "../../../api/schema";

type S = components["schemas"];

/** What a rule may say (GET /automation/catalog/): the backend's own validation tables. */
export type Catalog = S["Catalog"];
export type CatalogTrigger = S["CatalogTrigger"];
export type CatalogField = S["CatalogField"];
export type CatalogAction = S["CatalogAction"];
export type CatalogParam = S["CatalogParam"];
export type FieldType = S["ConditionFieldTypeEnum"];

export const catalogQueryOptions = () =>
  queryOptions({
    queryKey: ["automation", "catalog"] as const,
    queryFn: ({ signal }) => api("get", "/api/v1/automation/catalog/", { signal }),
    // Changes only with a backend release.
    staleTime: 60 * 60_000,
    gcTime: 24 * 60 * 60_000,
  });

export function useCatalog() {
  return useQuery(catalogQueryOptions());
}

/** The condition fields of a trigger (none when the catalog does not know it). */
export const triggerFields = (catalog: Catalog, trigger: string): CatalogField[] =>
  catalog.triggers.find((t) => t.value === trigger)?.fields ?? [];

export const findField = (catalog: Catalog, trigger: string, name: string): CatalogField | undefined =>
  triggerFields(catalog, trigger).find((f) => f.name === name);

export const findAction = (catalog: Catalog, type: string): CatalogAction | undefined =>
  catalog.actions.find((a) => a.type === type);

/** A new action's parameters: each default, and no destinations chosen yet. */
export function defaultParams(catalog: Catalog, type: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of findAction(catalog, type)?.params ?? []) {
    if (p.kind === "destinations") out[p.name] = [];
    else if (p.default !== null) out[p.name] = p.default;
  }
  return out;
}
