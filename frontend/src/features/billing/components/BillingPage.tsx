export function BillingPage() {
  return (
    <section className="page">
      <h1>BillingPage</h1>
    </section>
  );
}
