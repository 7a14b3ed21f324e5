import { useScope } from "../hooks/useScope";

export function SiteSelector() {
  const { sites, siteId, setSite } = useScope();
  if (sites.length === 0) return null;
  return (
    <label className="inline-label">
      <span>Site</span>
      <select value={siteId ?? ""} onChange={(e) => setSite(Number(e.target.value))}>
        {sites.map((site) => (
          <option key={site.id} value={site.id}>
            {site.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SectorSelector() {
  const { sectors, sectorId, setSector, siteId } = useScope();
  if (siteId === null) return null;
  return (
    <label className="inline-label">
      <span>Sector</span>
      <select value={sectorId ?? ""} onChange={(e) => setSector(e.target.value ? Number(e.target.value) : null)}>
        <option value="">All sectors</option>
        {sectors.map((sector) => (
          <option key={sector.id} value={sector.id}>
            {sector.name}
          </option>
        ))}
      </select>
    </label>
  );
}
