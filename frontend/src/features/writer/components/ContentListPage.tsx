export function ContentListPage() {
  return (
    <section className="page">
      <h1>ContentListPage</h1>
    </section>
  );
}
