export function SettingsPage() {
  return (
    <section className="page">
      <h1>SettingsPage</h1>
    </section>
  );
}
