import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { RedazioneNav } from "~/components/redazione";
import { SourceForm, type SourceFormValues } from "~/components/source-form";
import { curatorActor } from "~/data/calls.server";
import { createIngestSource, listIngestSources } from "~/data/ingest-sources.server";
import { formatDateTime } from "~/domain/format";
import { ADAPTERS } from "~/ingestion/adapters";
import { parseSourceForm, type SourceFormErrors } from "~/ingestion/source-form";

export const meta: MetaFunction = () => [{ title: "Fonti pianificate — Redazione — Cruscotto digitale" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return {
    sources: listIngestSources(getDb()),
    adapters: Object.values(ADAPTERS).map((a) => ({ source: a.source, label: a.label })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const current = await requireStaff(request);
  const form = await request.formData();
  const result = parseSourceForm(form, new Date());
  if (!result.ok) return data({ errors: result.errors as SourceFormErrors, values: Object.fromEntries(form) as Record<string, string> }, { status: 422 });
  const created = createIngestSource(getDb(), result.value, curatorActor(current.user).name);
  throw redirect(`/redazione/fonti/${created.id}?esito=creata`);
}

const EMPTY: SourceFormValues = { name: "", adapter: "bando-json", url: "", schedule: "ogni giorno alle 06:00", enabled: true, publish: false };

export default function Sources() {
  const { sources, adapters } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const v = actionData?.values;
  const values: SourceFormValues = v
    ? { name: v.name ?? "", adapter: v.adapter ?? "", url: v.url ?? "", schedule: v.schedule ?? "", enabled: v.enabled === "on", publish: v.publish === "on" }
    : EMPTY;
  return (
    <>
      <Breadcrumb trail={[{ to: "/redazione", label: "Redazione" }]} current="Fonti pianificate" />
      <h1>Fonti pianificate</h1>
      <RedazioneNav />
      <p>Le fonti attive vengono scaricate e importate automaticamente alla scadenza indicata, una alla volta. Un errore viene registrato e si riprova alla scadenza successiva.</p>
      {sources.length === 0 ? (
        <p>Nessuna fonte configurata.</p>
      ) : (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">Fonti pianificate</caption>
            <thead>
              <tr>
                <th scope="col">Fonte</th>
                <th scope="col">Formato</th>
                <th scope="col">Quando</th>
                <th scope="col">Prossima</th>
                <th scope="col">Ultima importazione</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/redazione/fonti/${s.id}`}>{s.name}</Link>
                    <div className="small cd-muted">{s.enabled ? "attiva" : "disattivata"}</div>
                  </th>
                  <td>{s.adapter}</td>
                  <td>{s.schedule}</td>
                  <td>{s.nextRunAt ? formatDateTime(s.nextRunAt) : "—"}</td>
                  <td>
                    {s.lastRunId ? <Link to={`/redazione/esecuzioni/${s.lastRunId}`}>{s.lastStatus}</Link> : "mai"}
                    {s.lastError ? <div className="small">{s.lastError}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="h4 mt-4">Aggiungi una fonte</h2>
      <SourceForm values={values} errors={actionData?.errors ?? {}} adapters={adapters} submitLabel="Aggiungi la fonte" idPrefix="nuova" />
    </>
  );
}
