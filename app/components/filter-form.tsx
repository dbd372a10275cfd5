import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { SIZE_CLUSTER_LABELS, SIZE_CLUSTERS } from "~/domain/clusters";
import { formatInteger } from "~/domain/format";
import { LOMBARDY_PROVINCES } from "~/domain/territory";

/**
 * The filters of a list page: a GET form, so the filters live in the URL and work without
 * JavaScript. `search` adds the search landmark (pages with a text search).
 */
export function FilterForm({ label, action, spacing, search = false, children }: { label: string; action?: string; spacing: "mb-3" | "mb-4"; search?: boolean; children: ReactNode }) {
  return (
    <Form method="get" action={action} className={`row g-3 align-items-end cd-filters ${spacing}`} role={search ? "search" : undefined} aria-label={label}>
      {children}
    </Form>
  );
}

/** A text (or date) filter; its name is its id. */
export function FilterInput({
  id,
  label,
  col,
  type = "search",
  defaultValue,
  autoComplete,
}: {
  id: string;
  label: string;
  /** The column classes of the field in the form's row. */
  col: string;
  type?: "search" | "date";
  defaultValue: string;
  autoComplete?: "off";
}) {
  return (
    <div className={`${col} form-group`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={id} type={type} className="form-control" defaultValue={defaultValue} autoComplete={autoComplete} />
    </div>
  );
}

/** A select filter; its name is its id. `all` is the label of the empty choice (no filter). */
export function FilterSelect({ id, label, col, defaultValue, all, children }: { id: string; label: string; col: string; defaultValue: string; all?: string; children: ReactNode }) {
  return (
    <div className={`${col} form-group`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={id} className="form-select" defaultValue={defaultValue}>
        {all === undefined ? null : <option value="">{all}</option>}
        {children}
      </select>
    </div>
  );
}

/** The form's submit button, in its own column. */
export function FilterSubmit({ col, children }: { col: string; children: string }) {
  return (
    <div className={`${col} form-group`}>
      <button type="submit" className="btn btn-primary w-100">
        {children}
      </button>
    </div>
  );
}

/** How many results the filters found, announced politely: `none` when there are none, else "N one|many.". */
export function ResultCount({ total, none, one, many, className }: { total: number; none: string; one: string; many: string; className?: string }) {
  return (
    <p role="status" aria-live="polite" className={className}>
      {total === 0 ? none : `${formatInteger(total)} ${total === 1 ? one : many}.`}
    </p>
  );
}

/** The Lombard provinces as a FilterSelect's options, by their sigla. */
export function ProvinceOptions() {
  return LOMBARDY_PROVINCES.map((p) => (
    <option key={p.sigla} value={p.sigla}>
      {p.name} ({p.sigla})
    </option>
  ));
}

/** The size clusters as a FilterSelect's options. */
export function SizeClusterOptions() {
  return SIZE_CLUSTERS.map((c) => (
    <option key={c} value={c}>
      {SIZE_CLUSTER_LABELS[c]}
    </option>
  ));
}
