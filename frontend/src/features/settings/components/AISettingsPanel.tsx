import { useState } from "react";
import type { AISettings, AISettingsPatch, Provider, StructuredOutputMode } from "../types";
import { useAISettings } from "../api/aiSettings";
import { useUpdateAISettings } from "../api/updateAISettings";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { FieldErrors, FormError } from "../../../components/FormError";
import { ErrorState, Loading } from "../../../components/States";

const PROVIDERS: Record<Provider, string> = {
  offline: "Offline (built in, no key, no network)",
  openai: "OpenAI-compatible endpoint",
  anthropic: "Anthropic",
};
const IMAGE_PROVIDERS: Record<string, string> = { offline: "Offline placeholder images", openai: "OpenAI Images", runware: "Runware" };
const STRUCTURED: Record<StructuredOutputMode, string> = {
  json_schema: "JSON schema (OpenAI, vLLM, recent Ollama/llama.cpp)",
  json_object: "JSON object mode",
  prompt: "Schema in the prompt only",
};
export const AI_FUNCTIONS = [
  { key: "auto_cluster", label: "Keyword clustering" },
  { key: "generate_ideas", label: "Idea generation" },
  { key: "generate_content", label: "Content writing" },
  { key: "generate_image_prompts", label: "Image prompts" },
  { key: "generate_images", label: "Images" },
  { key: "generate_site_structure", label: "Site structure" },
  { key: "optimize_content", label: "Content optimization" },
] as const;
const KEYS = [
  { provider: "openai", label: "OpenAI API key", has: "has_openai_key" },
  { provider: "anthropic", label: "Anthropic API key", has: "has_anthropic_key" },
  { provider: "runware", label: "Runware API key (images)", has: "has_runware_key" },
] as const;
type KeyProvider = (typeof KEYS)[number]["provider"];

interface FunctionConf {
  provider: string;
  model: string;
  base_url: string;
}
interface FormState {
  provider: Provider;
  default_model: string;
  openai_base_url: string;
  openai_structured_output: StructuredOutputMode;
  anthropic_base_url: string;
  temperature: string;
  request_timeout: string;
  functions: Record<string, FunctionConf>;
}
type KeyEdit = { value: string; clear: boolean };
const NO_KEY_EDITS: Record<KeyProvider, KeyEdit> = {
  openai: { value: "", clear: false },
  anthropic: { value: "", clear: false },
  runware: { value: "", clear: false },
};

function formOf(row: AISettings): FormState {
  const saved = (row.function_settings ?? {}) as Record<string, Partial<FunctionConf>>;
  return {
    provider: row.provider ?? "offline",
    default_model: row.default_model ?? "",
    openai_base_url: row.openai_base_url ?? "",
    openai_structured_output: row.openai_structured_output ?? "json_schema",
    anthropic_base_url: row.anthropic_base_url ?? "",
    temperature: String(row.temperature ?? 0.4),
    request_timeout: String(row.request_timeout ?? 90),
    functions: Object.fromEntries(
      AI_FUNCTIONS.map((f) => [
        f.key,
        { provider: saved[f.key]?.provider ?? "", model: saved[f.key]?.model ?? "", base_url: saved[f.key]?.base_url ?? "" },
      ]),
    ),
  };
}

/** The PATCH body: every setting, function overrides that say something, and only the keys the user typed or cleared. */
export function aiSettingsPatch(form: FormState, keys: Record<KeyProvider, KeyEdit>): AISettingsPatch {
  const function_settings: Record<string, Record<string, string>> = {};
  for (const f of AI_FUNCTIONS) {
    const conf = form.functions[f.key];
    if (!conf) continue;
    const entry: Record<string, string> = {};
    if (conf.provider) entry.provider = conf.provider;
    if (conf.model.trim()) entry.model = conf.model.trim();
    if (f.key === "generate_images" && conf.base_url.trim()) entry.base_url = conf.base_url.trim();
    if (Object.keys(entry).length) function_settings[f.key] = entry;
  }
  const body: AISettingsPatch = {
    provider: form.provider,
    default_model: form.default_model.trim(),
    openai_base_url: form.openai_base_url.trim(),
    openai_structured_output: form.openai_structured_output,
    anthropic_base_url: form.anthropic_base_url.trim(),
    temperature: Number(form.temperature),
    request_timeout: Number(form.request_timeout),
    function_settings,
  };
  for (const { provider } of KEYS) {
    const edit = keys[provider];
    if (edit.clear) body[`${provider}_api_key`] = "";
    else if (edit.value.trim()) body[`${provider}_api_key`] = edit.value.trim();
  }
  return body;
}

export function AISettingsPanel() {
  const settings = useAISettings();
  if (settings.isPending) return <Loading label="Loading AI settings…" />;
  if (settings.isError) return <ErrorState error={settings.error} retry={() => void settings.refetch()} />;
  return <AISettingsForm row={settings.data} />;
}

function AISettingsForm({ row }: { row: AISettings }) {
  const { canAdmin } = usePermissions();
  const update = useUpdateAISettings();
  const [form, setForm] = useState<FormState>(() => formOf(row));
  const [keys, setKeys] = useState<Record<KeyProvider, KeyEdit>>(NO_KEY_EDITS);
  const [saved, setSaved] = useState(false);
  const setFn = (name: string, patch: Partial<FunctionConf>) =>
    setForm((f) => ({ ...f, functions: { ...f.functions, [name]: { ...(f.functions[name] as FunctionConf), ...patch } } }));
  const err = update.error;

  return (
    <section aria-labelledby="ai-title" className="stack">
      <h2 id="ai-title">AI providers and models</h2>
      {!canAdmin && <p className="muted">Only owners and admins can change AI settings.</p>}
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          update.mutate(aiSettingsPatch(form, keys), {
            onSuccess: () => {
              setKeys(NO_KEY_EDITS);
              setSaved(true);
            },
          });
        }}
      >
        <fieldset disabled={!canAdmin || update.isPending} className="plain stack">
          <fieldset>
            <legend>Defaults</legend>
            <div className="form-grid two">
              <label>
                Default provider
                <select value={form.provider} onChange={(e) => setForm({ ...form, provider: e.target.value as Provider })}>
                  {(Object.keys(PROVIDERS) as Provider[]).map((p) => (
                    <option key={p} value={p}>
                      {PROVIDERS[p]}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Default model
                <input value={form.default_model} placeholder="e.g. gpt-4o-mini" onChange={(e) => setForm({ ...form, default_model: e.target.value })} />
              </label>
              <label>
                OpenAI-compatible base URL
                <input value={form.openai_base_url} onChange={(e) => setForm({ ...form, openai_base_url: e.target.value })} />
                <FieldErrors error={err} field="openai_base_url" />
              </label>
              <label>
                Structured output
                <select
                  value={form.openai_structured_output}
                  onChange={(e) => setForm({ ...form, openai_structured_output: e.target.value as StructuredOutputMode })}
                >
                  {(Object.keys(STRUCTURED) as StructuredOutputMode[]).map((m) => (
                    <option key={m} value={m}>
                      {STRUCTURED[m]}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Anthropic base URL
                <input value={form.anthropic_base_url} onChange={(e) => setForm({ ...form, anthropic_base_url: e.target.value })} />
                <FieldErrors error={err} field="anthropic_base_url" />
              </label>
              <label>
                Temperature
                <input type="number" min={0} max={2} step={0.1} value={form.temperature} onChange={(e) => setForm({ ...form, temperature: e.target.value })} />
                <FieldErrors error={err} field="temperature" />
              </label>
              <label>
                Request timeout (seconds)
                <input
                  type="number"
                  min={5}
                  max={600}
                  value={form.request_timeout}
                  onChange={(e) => setForm({ ...form, request_timeout: e.target.value })}
                />
                <FieldErrors error={err} field="request_timeout" />
              </label>
            </div>
          </fieldset>

          <fieldset>
            <legend>API keys</legend>
            <p className="muted">Keys are stored encrypted and never shown again. Leave a field empty to keep the saved key.</p>
            <div className="form-grid two">
              {KEYS.map((k) => {
                const has = row[k.has];
                const edit = keys[k.provider];
                return (
                  <div key={k.provider} className="key-field">
                    <label>
                      {k.label}
                      <input
                        type="password"
                        autoComplete="off"
                        spellCheck={false}
                        value={edit.value}
                        disabled={edit.clear}
                        placeholder={has ? "Saved — type to replace" : "Not set"}
                        aria-describedby={`${k.provider}-key-status`}
                        onChange={(e) => setKeys({ ...keys, [k.provider]: { value: e.target.value, clear: false } })}
                      />
                    </label>
                    <p id={`${k.provider}-key-status`} className="muted key-status">
                      {has ? "A key is saved." : "No key saved."}
                    </p>
                    {has && canAdmin && (
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={edit.clear}
                          onChange={(e) => setKeys({ ...keys, [k.provider]: { value: "", clear: e.target.checked } })}
                        />
                        Remove the saved {k.label}
                      </label>
                    )}
                    <FieldErrors error={err} field={`${k.provider}_api_key`} />
                  </div>
                );
              })}
            </div>
          </fieldset>

          <fieldset>
            <legend>Per function</legend>
            <p className="muted">Leave a function on “Default” to use the default provider and model.</p>
            <FieldErrors error={err} field="function_settings" />
            <div className="table-wrap">
              <table className="data-table function-table">
                <caption className="sr-only">Provider and model per AI function</caption>
                <thead>
                  <tr>
                    <th scope="col">Function</th>
                    <th scope="col">Provider</th>
                    <th scope="col">Model</th>
                    <th scope="col">Base URL</th>
                  </tr>
                </thead>
                <tbody>
                  {AI_FUNCTIONS.map((f) => {
                    const conf = form.functions[f.key] as FunctionConf;
                    const options = f.key === "generate_images" ? IMAGE_PROVIDERS : PROVIDERS;
                    return (
                      <tr key={f.key}>
                        <th scope="row">
                          {f.label}
                          <FieldErrors error={err} field={`function_settings.${f.key}`} />
                        </th>
                        <td>
                          <select aria-label={`${f.label} provider`} value={conf.provider} onChange={(e) => setFn(f.key, { provider: e.target.value })}>
                            <option value="">Default</option>
                            {Object.entries(options).map(([value, label]) => (
                              <option key={value} value={value}>
                                {label}
                              </option>
                            ))}
                          </select>
                          <FieldErrors error={err} field={`function_settings.${f.key}.provider`} />
                        </td>
                        <td>
                          <input aria-label={`${f.label} model`} value={conf.model} onChange={(e) => setFn(f.key, { model: e.target.value })} />
                        </td>
                        <td>
                          {f.key === "generate_images" ? (
                            <>
                              <input aria-label={`${f.label} base URL`} value={conf.base_url} onChange={(e) => setFn(f.key, { base_url: e.target.value })} />
                              <FieldErrors error={err} field={`function_settings.${f.key}.base_url`} />
                            </>
                          ) : (
                            <span className="muted">Provider's base URL</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </fieldset>
        </fieldset>
        <FormError error={err} />
        {saved && (
          <p className="notice ok" role="status">
            AI settings saved.
          </p>
        )}
        {canAdmin && (
          <div>
            <button type="submit" className="primary" disabled={update.isPending}>
              {update.isPending ? "Saving…" : "Save AI settings"}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
