import type { ReactNode } from "react";
import type { ConnectionReport } from "../types";

const SEO_PLUGINS: Record<string, string> = {
  yoast: "Yoast SEO",
  rankmath: "Rank Math",
  rank_math: "Rank Math",
  seopress: "SEOPress",
};

const text = (value: unknown) => (typeof value === "string" ? value : value == null ? "" : String(value));
const list = (value: unknown) => (Array.isArray(value) ? value.map(text) : []);

/** What a connection test found, in words: WordPress version, user, capabilities, SEO plugin, WooCommerce;
 * Shopify shop and scopes; a webhook's answer. A failed test is an alert with the reason. */
export function ConnectionReportView({ report }: { report: ConnectionReport }) {
  const d = report.details;
  const rows: [string, ReactNode][] = [];
  if (report.platform === "wordpress") {
    if (d.site_name) rows.push(["Site", text(d.site_name)]);
    if ("wordpress_version" in d) rows.push(["WordPress version", text(d.wordpress_version) || "hidden by the site"]);
    if (d.user) rows.push(["User", text(d.user) + (d.user_display_name && d.user_display_name !== d.user ? ` (${text(d.user_display_name)})` : "")]);
    if (list(d.roles).length) rows.push(["Roles", list(d.roles).join(", ")]);
    if (list(d.capabilities).length) {
      const caps = list(d.capabilities);
      rows.push([
        "Capabilities",
        <details>
          <summary>{caps.length} capabilities</summary>
          <p className="report-capabilities">{caps.join(", ")}</p>
        </details>,
      ]);
    }
    if ("seo_plugin" in d) rows.push(["SEO plugin", SEO_PLUGINS[text(d.seo_plugin)] ?? (text(d.seo_plugin) || "None detected")]);
    if ("woocommerce" in d) rows.push(["WooCommerce", d.woocommerce ? "Installed" : "Not installed"]);
  } else if (report.platform === "shopify") {
    if (d.shop_name) rows.push(["Shop", text(d.shop_name)]);
    if (d.domain) rows.push(["Domain", text(d.domain)]);
    if (list(d.scopes).length) rows.push(["Scopes", list(d.scopes).join(", ")]);
    if (list(d.missing_scopes).length) rows.push(["Missing scopes", list(d.missing_scopes).join(", ")]);
  } else if ("status_code" in d) {
    rows.push(["Webhook answered", `HTTP ${text(d.status_code)}`]);
  }
  return (
    <div className={`connection-report ${report.ok ? "report-ok" : "report-failed"}`} role={report.ok ? "status" : "alert"}>
      <p className="report-title">
        <strong>{report.ok ? "Connection works." : "Connection failed."}</strong> {report.message}
      </p>
      {rows.length > 0 && (
        <dl className="report-details">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {report.tested_at && <p className="muted small">Tested {new Date(report.tested_at).toLocaleString()}</p>}
    </div>
  );
}
