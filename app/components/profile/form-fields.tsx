import type { ReactNode } from "react";
import { FieldError } from "../forms";

/**
 * Accessible form fields for the profile editors: a visible label, the error tied to the field
 * with aria-describedby and aria-invalid, and an error summary that links to each field.
 * Plain HTML forms: they work without JavaScript.
 */

export type FieldErrors = Partial<Record<string, string>>;

function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${id}-aiuto` : null, error ? `${id}-errore` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function FieldMessages({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  return (
    <>
      {hint ? (
        <small id={`${id}-aiuto`} className="form-text cd-muted d-block">
          {hint}
        </small>
      ) : null}
      <FieldError id={`${id}-errore`} message={error} />
    </>
  );
}

function FieldLabel({ id, label, required }: { id: string; label: string; required?: boolean }) {
  return (
    <label htmlFor={id}>
      {label}
      {required ? <span className="cd-muted"> (obbligatorio)</span> : null}
    </label>
  );
}

export function TextField(props: {
  id: string;
  name: string;
  label: string;
  defaultValue?: string | number | null;
  error?: string;
  hint?: string;
  type?: "text" | "number" | "date";
  required?: boolean;
  inputMode?: "numeric" | "decimal";
  maxLength?: number;
  autoComplete?: string;
}) {
  const { id, name, label, error, hint } = props;
  return (
    <div className="form-group">
      <FieldLabel id={id} label={label} required={props.required} />
      <input
        id={id}
        name={name}
        type={props.type ?? "text"}
        className={`form-control${error ? " is-invalid" : ""}`}
        defaultValue={props.defaultValue ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        required={props.required}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        autoComplete={props.autoComplete ?? "off"}
      />
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextAreaField(props: {
  id: string;
  name: string;
  label: string;
  defaultValue?: string | null;
  error?: string;
  hint?: string;
  rows?: number;
  maxLength?: number;
}) {
  const { id, name, label, error, hint } = props;
  return (
    <div className="form-group">
      <FieldLabel id={id} label={label} />
      <textarea
        id={id}
        name={name}
        className={`form-control${error ? " is-invalid" : ""}`}
        rows={props.rows ?? 4}
        defaultValue={props.defaultValue ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        maxLength={props.maxLength}
      />
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

export function SelectField(props: {
  id: string;
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  defaultValue?: string | null;
  error?: string;
  hint?: string;
  required?: boolean;
}) {
  const { id, name, label, error, hint } = props;
  return (
    <div className="form-group">
      <FieldLabel id={id} label={label} required={props.required} />
      <select
        id={id}
        name={name}
        className={`form-select${error ? " is-invalid" : ""}`}
        defaultValue={props.defaultValue ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        required={props.required}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

export function CheckboxGroup(props: {
  id: string;
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  checked: readonly string[];
  error?: string;
  hint?: string;
}) {
  const { id, name, legend, error, hint } = props;
  return (
    <fieldset className="form-group cd-checkbox-group" aria-describedby={describedBy(id, error, hint)} id={id}>
      <legend>{legend}</legend>
      <div className="row">
        {props.options.map((o) => (
          <div key={o.value} className="col-12 col-md-6 col-lg-4">
            <div className="form-check">
              <input
                id={`${id}-${o.value}`}
                name={name}
                type="checkbox"
                value={o.value}
                defaultChecked={props.checked.includes(o.value)}
              />
              <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
            </div>
          </div>
        ))}
      </div>
      <FieldMessages id={id} error={error} hint={hint} />
    </fieldset>
  );
}

/** "Correggi i campi indicati": a focusable summary linking to each field in error. */
export function ErrorSummary({ errors, fieldIds }: { errors: FieldErrors; fieldIds: Record<string, string> }) {
  const entries = Object.entries(errors).filter((e): e is [string, string] => !!e[1]);
  if (entries.length === 0) return null;
  return (
    <div className="alert alert-danger" role="alert" id="riepilogo-errori" tabIndex={-1}>
      <p className="mb-1">
        <strong>Il modulo contiene {entries.length === 1 ? "un errore" : `${entries.length} errori`}:</strong>
      </p>
      <ul className="mb-0">
        {entries.map(([field, message]) => (
          <li key={field}>{fieldIds[field] ? <a href={`#${fieldIds[field]}`}>{message}</a> : message}</li>
        ))}
      </ul>
    </div>
  );
}

export function FormActions({ children }: { children: ReactNode }) {
  return <div className="cd-table-actions mt-3">{children}</div>;
}
