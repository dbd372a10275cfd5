import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { RedazioneNav } from "~/components/redazione";
import { countByReviewState } from "~/data/calls.server";
import { latestRunPerSource } from "~/data/ingest-runs.server";
import { formatDateTime, formatInteger } from "~/domain/format";

export const meta: MetaFunction = () => [{ title: "Redazione — Cruscotto digitale" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  return { counts: countByReviewState(db), latest: latestRunPerSource(db) };
}

export default function RedazioneHome() {
  const { counts, latest } = useLoaderData<typeof loader>();
  const figures = [
    { label: "Bandi nuovi da revisionare", value: counts["da-revisionare"], to: "/redazione/revisione" },
    { label: "Modifiche in attesa su bandi pubblicati", value: counts.pendingChanges, to: "/redazione/revisione" },
    { label: "Bandi pubblicati", value: counts.pubblicato, to: "/redazione/bandi?stato=pubblicato" },
    { label: "Archiviati", value: counts.archiviato, to: "/redazione/bandi?stato=archiviato" },
    { label: "Scartati", value: counts.scartato, to: "/redazione/bandi?stato=scartato" },
  ];
  return (
    <>
      <Breadcrumb current="Redazione" />
      <h1>Redazione</h1>
      <RedazioneNav />
      <h2 className="h4">In sintesi</h2>
      <ul className="row list-unstyled">
        {figures.map((f) => (
          <li key={f.label} className="col-6 col-md-4 col-lg mb-3">
            <Link to={f.to} className="d-block text-decoration-none">
              <span className="cd-figure d-block">{formatInteger(f.value)}</span>
              <span>{f.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="cd-muted">Bandi in attesa di un nuovo abbinamento con i comuni: {formatInteger(counts.toRematch)}.</p>
      <h2 className="h4">Ultima importazione per fonte</h2>
      {latest.length === 0 ? (
        <p>Nessuna importazione ancora. <Link to="/redazione/carica">Carica un file</Link>.</p>
      ) : (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">Ultima importazione di ogni fonte</caption>
            <thead>
              <tr>
                <th scope="col">Fonte</th>
                <th scope="col">Quando</th>
                <th scope="col">Esito</th>
                <th scope="col" className="text-end">Nuovi</th>
                <th scope="col" className="text-end">Aggiornati</th>
                <th scope="col" className="text-end">Scartati</th>
              </tr>
            </thead>
            <tbody>
              {latest.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/redazione/esecuzioni/${r.id}`}>{r.kind}</Link>
                  </th>
                  <td>{formatDateTime(r.startedAt)}</td>
                  <td>{r.status}</td>
                  <td className="text-end">{formatInteger(r.created)}</td>
                  <td className="text-end">{formatInteger(r.updated)}</td>
                  <td className="text-end">{formatInteger(r.rejected)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="h4">Modelli per preparare i bandi</h2>
      <p>
        Scarica il modello con le intestazioni in italiano, compilalo e caricalo da <Link to="/redazione/carica">Carica un file</Link>:{" "}
        <a href="/redazione/modello.xlsx" download>modello Excel (XLSX)</a> oppure <a href="/redazione/modello.csv" download>modello CSV</a>.
      </p>
    </>
  );
}
