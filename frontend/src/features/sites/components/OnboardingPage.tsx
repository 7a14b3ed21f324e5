import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useIndustries } from "../api/industries";
import { useCreateSite } from "../api/createSite";
import { useScope } from "../hooks/useScope";
import { usePermissions } from "../../auth/hooks/usePermissions";
import { FieldErrors, FormError } from "../../../components/FormError";
import { ErrorState, Loading } from "../../../components/States";

/** First run: create the first site and pick its sectors from the industry list. */
export function OnboardingPage() {
  const industries = useIndustries();
  const createSite = useCreateSite();
  const { setSite } = useScope();
  const { canAdmin } = usePermissions();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [domain, setDomain] = useState("");
  const [industryId, setIndustryId] = useState<number | null>(null);
  const [sectorIds, setSectorIds] = useState<number[]>([]);
  const [error, setError] = useState<unknown>(null);

  if (!canAdmin) {
    return (
      <section className="page">
        <h1>Welcome to IGNY8</h1>
        <p>No site has been set up for you yet. Ask an owner or admin of your account to add one.</p>
      </section>
    );
  }
  if (industries.isPending) return <Loading label="Loading industries…" />;
  if (industries.isError) return <ErrorState error={industries.error} retry={() => void industries.refetch()} />;

  const industry = industries.data.find((i) => i.id === industryId);
  const busy = createSite.isPending;

  const toggle = (id: number) =>
    setSectorIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      // One request: the site and its sectors are created together, or nothing is.
      const site = await createSite.mutateAsync({ name, domain, industry: industryId, industry_sectors: sectorIds });
      setSite(site.id);
      navigate("/", { replace: true });
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="page narrow">
      <h1>Set up your first site</h1>
      <p className="muted">Tell us which website you are working on and what it is about.</p>
      <form className="card stack" onSubmit={(e) => void onSubmit(e)}>
        <FormError error={error} />
        <label>
          Site name
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <FieldErrors error={error} field="name" />
        <label>
          Domain (optional)
          <input value={domain} placeholder="example.com" onChange={(e) => setDomain(e.target.value)} />
        </label>
        <FieldErrors error={error} field="domain" />
        <label>
          Industry
          <select
            required
            value={industryId ?? ""}
            onChange={(e) => {
              setIndustryId(e.target.value ? Number(e.target.value) : null);
              setSectorIds([]);
            }}
          >
            <option value="">Choose an industry…</option>
            {industries.data.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
        {industry && (
          <fieldset>
            <legend>Sectors you write about</legend>
            {industry.sectors.length === 0 && <p className="muted">This industry has no sectors listed.</p>}
            <div className="checkbox-grid">
              {industry.sectors.map((sector) => (
                <label key={sector.id} className="checkbox">
                  <input type="checkbox" checked={sectorIds.includes(sector.id)} onChange={() => toggle(sector.id)} />
                  {sector.name}
                </label>
              ))}
            </div>
            <FieldErrors error={error} field="industry_sectors" />
          </fieldset>
        )}
        <button type="submit" className="primary" disabled={busy || !name || industryId === null}>
          {busy ? "Creating your site…" : "Create site"}
        </button>
      </form>
    </section>
  );
}
