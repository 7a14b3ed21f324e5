import { ApiError } from "../api/client";

/** The human-readable message of a failed request, announced to screen readers. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : "Something went wrong. Please try again.";
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

export function FieldErrors({ error, field }: { error: unknown; field: string }) {
  if (!(error instanceof ApiError)) return null;
  const messages = error.errors[field];
  if (!messages?.length) return null;
  return <p className="field-error">{messages.join(" ")}</p>;
}
