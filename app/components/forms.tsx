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

/** The current password, asked before a change to one's own account (currentPasswordField on the server). */
export function CurrentPasswordField({ error }: { error?: string }) {
  return <Field id="currentPassword" type="password" label="Password attuale" autoComplete="current-password" required error={error} />;
}

/**
 * A message box (Bootstrap Italia alert): errors are announced at once (role alert), the others
 * politely (role status).
 */
export function Notice({ kind, id, children }: { kind: "success" | "danger" | "info" | "warning"; id?: string; children: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === "danger" ? "alert" : "status"} id={id}>
      {children}
    </div>
  );
}

/** The outcome of an action, announced to screen readers: the error if any, else the confirmation. */
export function FormMessage({ error, ok, id }: { error?: string | null; ok?: string | null; id?: string }) {
  if (error) {
    return (
      <Notice kind="danger" id={id}>
        {error}
      </Notice>
    );
  }
  if (ok) {
    return (
      <Notice kind="success" id={id}>
        {ok}
      </Notice>
    );
  }
  return null;
}

/** A field's error message, tied to its field by `id` (aria-describedby on the field). */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <div id={id} className="cd-field-error">
      {message}
    </div>
  );
}

export const PASSWORD_HINT = "Almeno 8 caratteri, nessun'altra regola: una frase lunga è più sicura e più facile da ricordare.";
