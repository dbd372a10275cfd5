import { Link } from "@remix-run/react";
import { formatEuro } from "~/domain/format";
import {
  PROGRAMME_INSTRUMENT_LABELS,
  PROGRAMME_STATE_LABELS,
  type ProgrammeItem,
} from "~/domain/profile";
import { themeLabel } from "~/domain/taxonomy";

function years(item: ProgrammeItem): string {
  if (item.startYear && item.endYear && item.startYear !== item.endYear) return `${item.startYear}–${item.endYear}`;
  return String(item.startYear ?? item.endYear ?? "—");
}

/** "Programmazione": the comune's planned projects (DUP, piano triennale ICT, …). */
export function ProgrammeSection({ istat, items, canManage }: { istat: string; items: ProgrammeItem[]; canManage: boolean }) {
  return (
    <section aria-labelledby="programmazione" className="mb-5">
      <h2 id="programmazione">Programmazione</h2>
      <p className="cd-muted">
        Le voci del DUP, del piano triennale per l'informatica e degli altri strumenti di programmazione del comune: servono
        ad abbinare i bandi ai progetti già previsti.
      </p>
      {canManage ? (
        <p>
          <Link to={`/comuni/${istat}/programmazione/nuova`} className="btn btn-primary btn-sm">
            Aggiungi una voce di programmazione
          </Link>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>Nessuna voce di programmazione registrata.</p>
      ) : (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">Voci di programmazione del comune</caption>
            <thead>
              <tr>
                <th scope="col">Voce</th>
                <th scope="col">Strumento</th>
                <th scope="col">Anni</th>
                <th scope="col" className="text-end">
                  Importo
                </th>
                <th scope="col">Stato</th>
                {canManage ? (
                  <th scope="col">
                    <span className="visually-hidden">Azioni</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">
                    {item.title}
                    {item.themes.length > 0 ? (
                      <span className="d-block small cd-muted fw-normal">{item.themes.map(themeLabel).join(" · ")}</span>
                    ) : null}
                    {item.description ? <span className="d-block small fw-normal">{item.description}</span> : null}
                  </th>
                  <td>
                    <abbr title={PROGRAMME_INSTRUMENT_LABELS[item.instrument]}>{item.instrument}</abbr>
                  </td>
                  <td>{years(item)}</td>
                  <td className="text-end text-nowrap">{item.amount === null ? "—" : formatEuro(item.amount)}</td>
                  <td>{PROGRAMME_STATE_LABELS[item.state]}</td>
                  {canManage ? (
                    <td>
                      <Link to={`/comuni/${istat}/programmazione/${item.id}`}>
                        Modifica<span className="visually-hidden"> la voce «{item.title}»</span>
                      </Link>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
