// Friendly names for the generated schema types. Everything here comes from schema.d.ts,
// so a backend change that renames or removes a field breaks `npm run build`.
import type { components, paths } from "./schema";

type S = components["schemas"];

export type ApiPaths = paths;
export type Me = S["Me"];
export type Role = S["RoleEnum"];
export type TokenPair = S["TokenPair"];
export type RegisterRequest = S["RegisterRequest"];
export type RegisterResponse = S["RegisterResponse"];
export type Site = S["Site"];
export type SiteRequest = S["SiteRequest"];
export type Sector = S["Sector"];
export type SectorRequest = S["SectorRequest"];
export type Industry = S["Industry"];
export type Balance = S["Balance"];
export type Job = S["Job"];
export type JobStatus = S["JobStatusEnum"];
export type JobAccepted = S["JobAccepted"];
export type Keyword = S["Keyword"];
export type KeywordStatus = S["StatusAafEnum"];
export type KeywordIntent = S["IntentEnum"];
export type KeywordImportReport = S["KeywordImportReport"];
export type BulkResult = S["BulkResult"];
export type ErrorEnvelope = S["ErrorEnvelope"];

/** The list envelope after unwrapping: what every paginated endpoint returns. */
export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}
export type Cluster = S["Cluster"];
export type ClusterStatus = S["ClusterStatusEnum"];
export type Idea = S["Idea"];
export type IdeaStatus = S["IdeaStatusEnum"];
export type ContentType = S["ContentTypeEnum"];
export type ContentStructure = S["ContentStructureEnum"];
export type QueueResult = S["QueueResult"];
export type Task = S["Task"];
export type TaskStatus = S["TaskStatusEnum"];
