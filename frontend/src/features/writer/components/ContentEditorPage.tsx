export function ContentEditorPage() {
  return (
    <section className="page">
      <h1>ContentEditorPage</h1>
    </section>
  );
}
