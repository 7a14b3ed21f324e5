import { useId, useState } from "react";
import { Dialog } from "../../../components/Dialog";
import { FieldErrors, FormError } from "../../../components/FormError";
import { ErrorState, Loading } from "../../../components/States";
import { useScope } from "../../sites/hooks/useScope";
import { usePlatforms } from "../api/platforms";
import { useCreateIntegration } from "../api/createIntegration";
import { useUpdateIntegration } from "../api/updateIntegration";
import { FIELD_LABELS, fieldLabel, platformLabel, type Integration, type PlatformInfo, type PlatformName } from "../types";

interface Props {
  siteId: number;
  /** The integration to edit; absent to add a new one. */
  integration?: Integration;
  onClose: () => void;
  onSaved: (integration: Integration, created: boolean) => void;
}

/** Credential keys that are not secret (shown as text, not as a password field). */
const PLAIN_CREDENTIALS = new Set(["username"]);

/** Add or edit an integration. Fields come from the platforms endpoint (config keys, the first required;
 * credential keys). Credentials are write-only: the form only says they are saved, and sends them only
 * when typed (all of them, since sent credentials replace the stored set). */
export function IntegrationForm({ siteId, integration, onClose, onSaved }: Props) {
  const platforms = usePlatforms();
  const create = useCreateIntegration();
  const update = useUpdateIntegration();
  const editing = integration !== undefined;
  const [platform, setPlatform] = useState<string>(integration?.platform ?? "");
  const [name, setName] = useState(integration?.name ?? "");
  const initialConfig = (integration?.config_json ?? {}) as Record<string, unknown>;
  const [config, setConfig] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(initialConfig).map(([k, v]) => [k, v == null ? "" : String(v)])),
  );
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [isActive, setIsActive] = useState(integration?.is_active ?? true);
  const [syncEnabled, setSyncEnabled] = useState(integration?.sync_enabled ?? false);
  const [hasCredentials, setHasCredentials] = useState(integration?.has_credentials ?? false);
  const [notice, setNotice] = useState<string | null>(null);
  const removeCredentials = useUpdateIntegration();
  const ids = useId();
  const { sectors } = useScope();

  const info: PlatformInfo | undefined = platforms.data?.find((p) => p.platform === platform);
  const typedCredentials = Object.fromEntries(Object.entries(credentials).filter(([, v]) => v !== ""));
  const replacing = Object.keys(typedCredentials).length > 0;
  const mutation = editing ? update : create;
  const canSync = platform !== "custom_api";

  const submit = () => {
    if (!info) return;
    const nextConfig: Record<string, unknown> = { ...initialConfig };
    info.config_keys.forEach((key, index) => {
      const value = (config[key] ?? "").trim();
      if (value) nextConfig[key] = /^\d+$/.test(value) && (key === "author" || key === "import_sector") ? Number(value) : value;
      else if (index > 0) delete nextConfig[key];
    });
    const common = {
      name: name.trim(),
      config_json: nextConfig,
      is_active: isActive,
      sync_enabled: canSync ? syncEnabled : false,
      ...(replacing ? { credentials: typedCredentials } : {}),
    };
    if (integration) {
      update.mutate({ id: integration.id, body: common }, { onSuccess: (row) => onSaved(row, false) });
    } else {
      create.mutate({ ...common, site: siteId, platform: platform as PlatformName }, { onSuccess: (row) => onSaved(row, true) });
    }
  };

  return (
    <Dialog title={editing ? `Edit ${platformLabel(integration.platform)} integration` : "Add an integration"} onClose={onClose} wide>
      {platforms.isPending && <Loading label="Loading platforms…" />}
      {platforms.isError && <ErrorState error={platforms.error} retry={() => void platforms.refetch()} />}
      {platforms.data && (
        <form
          className="integration-form stack"
          aria-label={editing ? "Edit integration" : "Add integration"}
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <fieldset disabled={mutation.isPending} className="plain stack">
            <div className="form-grid two">
              <label>
                Platform
                <select
                  required
                  value={platform}
                  disabled={editing}
                  onChange={(e) => {
                    setPlatform(e.target.value);
                    setCredentials({});
                  }}
                >
                  <option value="">Choose a platform…</option>
                  {platforms.data.map((p) => (
                    <option key={p.platform} value={p.platform}>
                      {platformLabel(p.platform)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Name (optional)
                <input type="text" value={name} maxLength={255} onChange={(e) => setName(e.target.value)} />
              </label>
            </div>
            <FieldErrors error={mutation.error} field="platform" />
            {info && (
              <>
                <fieldset className="stack">
                  <legend>Connection</legend>
                  {info.config_keys.map((key, index) => {
                    const meta = FIELD_LABELS[key];
                    const hintId = `${ids}-${key}-hint`;
                    return (
                      <div key={key} className="field">
                        <label htmlFor={`${ids}-${key}`}>{fieldLabel(key)}</label>
                        {key === "default_status" || key === "import_sector" ? (
                          <select
                            id={`${ids}-${key}`}
                            value={config[key] ?? ""}
                            aria-describedby={meta?.hint ? hintId : undefined}
                            onChange={(e) => setConfig((prev) => ({ ...prev, [key]: e.target.value }))}
                          >
                            {key === "default_status" ? (
                              <>
                                <option value="">As chosen when publishing</option>
                                <option value="publish">Published</option>
                                <option value="draft">Draft</option>
                              </>
                            ) : (
                              <>
                                <option value="">The site's first sector</option>
                                {sectors.map((sector) => (
                                  <option key={sector.id} value={sector.id}>
                                    {sector.name}
                                  </option>
                                ))}
                              </>
                            )}
                          </select>
                        ) : (
                          <input
                            id={`${ids}-${key}`}
                            type={meta?.type ?? "text"}
                            required={index === 0}
                            value={config[key] ?? ""}
                            aria-describedby={meta?.hint ? hintId : undefined}
                            onChange={(e) => setConfig((prev) => ({ ...prev, [key]: e.target.value }))}
                          />
                        )}
                        {meta?.hint && (
                          <p className="muted small" id={hintId}>
                            {meta.hint}
                          </p>
                        )}
                      </div>
                    );
                  })}
                  <FieldErrors error={mutation.error} field="config_json" />
                </fieldset>
                <fieldset className="stack">
                  <legend>Credentials</legend>
                  {hasCredentials ? (
                    <div className="credentials-saved">
                      <p role="status">
                        <strong>Credentials saved.</strong> They are stored encrypted and never shown. Type new ones to
                        replace them.
                      </p>
                      {editing && (
                        <button
                          type="button"
                          className="danger"
                          disabled={removeCredentials.isPending}
                          onClick={() =>
                            removeCredentials.mutate(
                              { id: integration.id, body: { credentials: {} } },
                              {
                                onSuccess: () => {
                                  setHasCredentials(false);
                                  setNotice("Credentials removed.");
                                },
                              },
                            )
                          }
                        >
                          {removeCredentials.isPending ? "Removing…" : "Remove"}
                        </button>
                      )}
                    </div>
                  ) : (
                    <p className="muted">No credentials saved{editing ? "" : " yet"}.</p>
                  )}
                  {notice && (
                    <p className="notice ok" role="status">
                      {notice}
                    </p>
                  )}
                  <FormError error={removeCredentials.error} />
                  {info.credential_keys.map((key) => {
                    const meta = FIELD_LABELS[key];
                    const hintId = `${ids}-${key}-hint`;
                    return (
                      <div key={key} className="field">
                        <label htmlFor={`${ids}-${key}`}>{fieldLabel(key)}</label>
                        <input
                          id={`${ids}-${key}`}
                          type={PLAIN_CREDENTIALS.has(key) ? "text" : "password"}
                          autoComplete={PLAIN_CREDENTIALS.has(key) ? "off" : "new-password"}
                          // Replacing credentials replaces the whole set: once one is typed, all are needed.
                          required={replacing || (!editing && !hasCredentials)}
                          placeholder={hasCredentials ? "Saved — leave empty to keep" : ""}
                          value={credentials[key] ?? ""}
                          aria-describedby={meta?.hint ? hintId : undefined}
                          onChange={(e) => setCredentials((prev) => ({ ...prev, [key]: e.target.value }))}
                        />
                        {meta?.hint && (
                          <p className="muted small" id={hintId}>
                            {meta.hint}
                          </p>
                        )}
                      </div>
                    );
                  })}
                  <FieldErrors error={mutation.error} field="credentials" />
                </fieldset>
                <div className="checkbox-row">
                  <label className="checkbox">
                    <input type="checkbox" checked={isActive} onChange={(e) => setIsActive(e.target.checked)} /> Active
                    (offered as a publishing destination)
                  </label>
                  {canSync && (
                    <label className="checkbox">
                      <input type="checkbox" checked={syncEnabled} onChange={(e) => setSyncEnabled(e.target.checked)} />{" "}
                      Sync automatically (imports posts and notices edits made on the platform)
                    </label>
                  )}
                </div>
              </>
            )}
          </fieldset>
          <FieldErrors error={mutation.error} field="site" />
          <FormError error={mutation.error} />
          <div className="modal-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!info || mutation.isPending}>
              {mutation.isPending ? "Saving…" : editing ? "Save changes" : "Add integration"}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
