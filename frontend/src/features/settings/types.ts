// Friendly names for the schema types the settings pages use (kept here, next to their only users).
import type { components } from "../../api/schema";

type S = components["schemas"];

export type Account = S["Account"];
export type Member = S["Member"];
export type MemberCreateRequest = S["MemberCreateRequest"];
export type SiteAccess = S["SiteAccess"];
export type AISettings = S["AISettings"];
export type AISettingsPatch = S["PatchedAISettingsRequest"];
export type Provider = S["ProviderEnum"];
export type StructuredOutputMode = S["OpenaiStructuredOutputEnum"];
export type Prompt = S["Prompt"];
export type PatchedSite = S["PatchedSiteRequest"];
