/** The API's messages for one field or row, tied to it with `id` (use in aria-describedby). */
export function FieldMessages({ id, messages }: { id?: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {messages.join(" ")}
    </p>
  );
}
