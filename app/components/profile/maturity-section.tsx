import { Link } from "@remix-run/react";
import { formatDate } from "~/domain/format";
import {
  MATURITY_KEYS,
  MATURITY_LABELS,
  MATURITY_SETTER_LABELS,
  MATURITY_STATE_LABELS,
  type MaturityEntry,
} from "~/domain/profile";

const SETTER_SHORT: Record<MaturityEntry["setBy"], string> = {
  rtd: "RTD del comune",
  redazione: "Redazione",
  inferito: "Dedotto dai finanziamenti",
};

/** Who set a state (a role, never a person) and, when inferred, the funding it comes from. */
export function SetterNote({ entry, long = false }: { entry: MaturityEntry; long?: boolean }) {
  return (
    <>
      {long ? (
        `${MATURITY_SETTER_LABELS[entry.setBy]}${entry.date ? `, ${formatDate(entry.date)}` : ""}`
      ) : (
        <abbr title={MATURITY_SETTER_LABELS[entry.setBy]}>{SETTER_SHORT[entry.setBy]}</abbr>
      )}
      {entry.setBy === "inferito" && entry.source ? <span className="d-block small cd-muted">{entry.source}</span> : null}
    </>
  );
}

/** "Maturità digitale": the twelve checklist items; inferred states say where they come from. */
export function MaturitySection({ istat, entries, canManage }: { istat: string; entries: MaturityEntry[]; canManage: boolean }) {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const known = entries.length;
  return (
    <section aria-labelledby="maturita" className="mb-5">
      <h2 id="maturita">Maturità digitale</h2>
      <p className="cd-muted">
        {known === 0
          ? "Nessuna voce indicata."
          : `${known} voci su ${MATURITY_KEYS.length} indicate. Gli stati dedotti dai finanziamenti PA digitale 2026 valgono finché il comune non li conferma o corregge.`}
      </p>
      {canManage ? (
        <p>
          <Link to={`/comuni/${istat}/maturita`} className="btn btn-primary btn-sm">
            Aggiorna la checklist di maturità digitale
          </Link>
        </p>
      ) : null}
      <div className="table-responsive">
        <table className="table">
          <caption className="visually-hidden">Checklist di maturità digitale</caption>
          <thead>
            <tr>
              <th scope="col">Voce</th>
              <th scope="col">Stato</th>
              <th scope="col">Data</th>
              <th scope="col">Indicato da</th>
            </tr>
          </thead>
          <tbody>
            {MATURITY_KEYS.map((key) => {
              const e = byKey.get(key);
              return (
                <tr key={key}>
                  <th scope="row">{MATURITY_LABELS[key]}</th>
                  <td className="text-nowrap">{e ? MATURITY_STATE_LABELS[e.state] : <span className="cd-muted">Non indicato</span>}</td>
                  <td>{e?.date ? formatDate(e.date) : "—"}</td>
                  <td>{e ? <SetterNote entry={e} /> : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
