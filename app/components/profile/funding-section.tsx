import { formatDate, formatEuro } from "~/domain/format";
import { isObtained, measureLabel, pnrrReference } from "~/domain/funding";
import { FUNDING_STATUS_LABELS, type FundingStatus } from "~/domain/profile";

export const FUNDING_ATTRIBUTION_TEXT = "Fonte: PA digitale 2026 — Dipartimento per la trasformazione digitale, CC-BY 4.0";

export interface FundingRow {
  id: number;
  measure: string;
  measureName: string;
  notice: string;
  amount: number;
  status: FundingStatus;
  fundedOn: string | null;
  statusDate: string | null;
  cup: string | null;
}

/** "Finanziamenti ottenuti": the comune's PA digitale 2026 funded applications. */
export function FundingSection({ records }: { records: FundingRow[] }) {
  const obtained = records.filter((r) => isObtained(r.status)).reduce((sum, r) => sum + r.amount, 0);
  return (
    <section aria-labelledby="finanziamenti" className="mb-5">
      <h2 id="finanziamenti">Finanziamenti ottenuti</h2>
      {records.length === 0 ? (
        <p>Nessuna candidatura finanziata risulta per il comune negli avvisi PA digitale 2026 importati.</p>
      ) : (
        <>
          <p>
            Candidature finanziate dagli avvisi PA digitale 2026 (PNRR, Missione 1 Componente 1): {records.length}; importo
            assegnato o erogato: <strong>{formatEuro(obtained)}</strong>.
          </p>
          <div className="table-responsive">
            <table className="table">
              <caption className="visually-hidden">Candidature finanziate del comune, dalla più recente</caption>
              <thead>
                <tr>
                  <th scope="col">Misura</th>
                  <th scope="col">Avviso</th>
                  <th scope="col" className="text-end">
                    Importo
                  </th>
                  <th scope="col">Stato</th>
                  <th scope="col">Finanziato il</th>
                </tr>
              </thead>
              <tbody>
                {records.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      {measureLabel(r.measure, r.measureName)}
                      <span className="d-block small cd-muted fw-normal">{pnrrReference(r.measure)}</span>
                    </th>
                    <td>
                      {r.notice}
                      {r.cup ? <span className="d-block small cd-muted">CUP {r.cup}</span> : null}
                    </td>
                    <td className="text-end text-nowrap">{formatEuro(r.amount)}</td>
                    <td>
                      {FUNDING_STATUS_LABELS[r.status]}
                      {r.statusDate ? <span className="d-block small cd-muted">dal {formatDate(r.statusDate)}</span> : null}
                    </td>
                    <td>{r.fundedOn ? formatDate(r.fundedOn) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p className="small cd-muted">{FUNDING_ATTRIBUTION_TEXT}</p>
    </section>
  );
}
