import { NavLink } from "@remix-run/react";
import type { FieldDiff } from "~/domain/call-content";
import { REVIEW_STATE_LABELS, type ReviewState } from "~/domain/call";

/** Shared pieces of the curators' area (/redazione). */

const SECTIONS: { to: string; label: string; end?: boolean }[] = [
  { to: "/redazione", label: "Riepilogo", end: true },
  { to: "/redazione/revisione", label: "Da revisionare" },
  { to: "/redazione/bandi", label: "Tutti i bandi" },
  { to: "/redazione/esecuzioni", label: "Importazioni" },
  { to: "/redazione/carica", label: "Carica un file" },
  { to: "/redazione/fonti", label: "Fonti pianificate" },
  { to: "/redazione/registro", label: "Registro modifiche" },
];

export function RedazioneNav() {
  return (
    <nav aria-label="Sezioni della redazione" className="mb-4">
      <ul className="cd-subnav">
        {SECTIONS.map((s) => (
          <li key={s.to}>
            <NavLink to={s.to} end={s.end}>
              {s.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const STATE_CLASS: Record<ReviewState, string> = {
  "da-revisionare": "cd-badge cd-badge-warning",
  pubblicato: "cd-badge cd-badge-success",
  archiviato: "cd-badge cd-badge-neutral",
  scartato: "cd-badge cd-badge-danger",
};

export function StateBadge({ state }: { state: ReviewState }) {
  return <span className={STATE_CLASS[state]}>{REVIEW_STATE_LABELS[state]}</span>;
}

export function DemoBadge() {
  return <span className="cd-badge cd-badge-info">Dati dimostrativi</span>;
}

export function DiffTable({ diff, caption, beforeLabel, afterLabel }: { diff: FieldDiff[]; caption: string; beforeLabel: string; afterLabel: string }) {
  return (
    <div className="table-responsive">
      <table className="table cd-diff">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Campo</th>
            <th scope="col">{beforeLabel}</th>
            <th scope="col">{afterLabel}</th>
          </tr>
        </thead>
        <tbody>
          {diff.map((d) => (
            <tr key={d.field} data-field={d.field}>
              <th scope="row">{d.label}</th>
              <td>
                <del>{d.before}</del>
              </td>
              <td>
                <ins>{d.after}</ins>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
