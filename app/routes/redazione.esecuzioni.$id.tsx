import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { Notice } from "~/components/forms";
import { RedazioneNav } from "~/components/redazione";
import { getIngestRun } from "~/data/ingest-runs.server";
import { formatDateTime, formatInteger } from "~/domain/format";
import { idParam } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Importazione n. ${data?.run.id ?? ""} — Redazione — Cruscotto digitale` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const run = getIngestRun(getDb(), idParam(params, "Importazione non trovata"));
  if (!run) throw new Response("Importazione non trovata", { status: 404 });
  const details = run.details as { merged?: { alias: string; into: string; reason: string }[]; pending?: number; published?: number; warnings?: string[]; skipped?: Record<string, number> };
  return { run, details };
}

export default function RunPage() {
  const { run, details } = useLoaderData<typeof loader>();
  const figures: [string, number][] = [
    ["Letti", run.read],
    ["Nuovi", run.created],
    ["Aggiornati", run.updated],
    ["Invariati", run.unchanged],
    ["Scartati", run.rejected],
  ];
  return (
    <>
      <Breadcrumb trail={[{ to: "/redazione", label: "Redazione" }, { to: "/redazione/esecuzioni", label: "Importazioni" }]} current={`n. ${run.id}`} />
      <h1>
        Importazione n. {run.id} — {run.kind}
      </h1>
      <RedazioneNav />
      {run.status === "fallito" ? <Notice kind="danger">Importazione non riuscita: {run.error}. Non è stato scritto nessun bando.</Notice> : null}
      <dl className="cd-facts mb-4">
        <dt>File o indirizzo</dt>
        <dd>{run.input}</dd>
        <dt>Avviata</dt>
        <dd>
          {formatDateTime(run.startedAt)}
          {run.actor ? ` da ${run.actor}` : ""}
        </dd>
        <dt>Conclusa</dt>
        <dd>{run.finishedAt ? formatDateTime(run.finishedAt) : "in corso"}</dd>
        <dt>Esito</dt>
        <dd>{run.status}</dd>
      </dl>
      <ul className="row list-unstyled">
        {figures.map(([label, value]) => (
          <li key={label} className="col-4 col-md mb-3">
            <span className="cd-figure d-block">{formatInteger(value)}</span>
            {label}
          </li>
        ))}
      </ul>
      {details.published ? <p>Pubblicati subito: {formatInteger(details.published)}.</p> : null}
      {details.pending ? <p>Modifiche a bandi pubblicati in attesa di revisione: {formatInteger(details.pending)}.</p> : null}
      {details.merged?.length ? (
        <>
          <h2 className="h4">Duplicati uniti a bandi esistenti</h2>
          <ul>
            {details.merged.map((m) => (
              <li key={m.alias}>
                <code>{m.alias}</code> → <code>{m.into}</code>: {m.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 className="h4">Elementi scartati</h2>
      {run.rejects.length === 0 ? (
        <p>Nessuno.</p>
      ) : (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">Elementi scartati con riga o posizione e motivo</caption>
            <thead>
              <tr>
                <th scope="col">Riga o elemento</th>
                <th scope="col">Campo</th>
                <th scope="col">Motivo</th>
              </tr>
            </thead>
            <tbody>
              {run.rejects.map((r, i) => (
                <tr key={i}>
                  <th scope="row">{r.line !== undefined ? `riga ${r.line}` : `elemento ${r.index ?? 0}`}</th>
                  <td>{r.field ?? "—"}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {details.warnings?.length ? (
        <>
          <h2 className="h4">Avvisi</h2>
          <ul>
            {details.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </>
      ) : null}
      {details.skipped && Object.keys(details.skipped).length ? (
        <>
          <h2 className="h4">Esclusi dalla fonte</h2>
          <ul>
            {Object.entries(details.skipped).map(([reason, n]) => (
              <li key={reason}>
                {reason}: {formatInteger(n)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
