import type { InputHTMLAttributes, ReactNode } from "react";

/** Form fields with a visible label, and an error tied to the input (WCAG 3.3.1, 1.3.1). */
export function Field({
  id,
  label,
  error,
  hint,
  ...input
}: { id: string; label: string; error?: string; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint ? `${id}-aiuto` : null, error ? `${id}-errore` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="form-group">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={input.name ?? id}
        type="text"
        className={`form-control${error ? " is-invalid" : ""}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {hint ? (
        <small id={`${id}-aiuto`} className="form-text">
          {hint}
        </small>
      ) : null}
      {error ? (
        <div id={`${id}-errore`} className="invalid-feedback d-block">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** The outcome of an action, announced to screen readers. */
export function FormMessage({ error, ok, id }: { error?: string | null; ok?: string | null; id?: string }) {
  if (error) {
    return (
      <div className="alert alert-danger" role="alert" id={id}>
        {error}
      </div>
    );
  }
  if (ok) {
    return (
      <div className="alert alert-success" role="status" id={id}>
        {ok}
      </div>
    );
  }
  return null;
}

export const PASSWORD_HINT = "Almeno 8 caratteri, nessun'altra regola: una frase lunga è più sicura e più facile da ricordare.";
