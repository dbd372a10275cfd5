import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { Notice } from "~/components/forms";
import { RedazioneNav } from "~/components/redazione";
import { SourceForm, type SourceFormValues } from "~/components/source-form";
import { curatorActor } from "~/data/calls.server";
import { getIngestSource, requestRunNow, updateIngestSource } from "~/data/ingest-sources.server";
import { formatDateTime } from "~/domain/format";
import { ADAPTERS } from "~/ingestion/adapters";
import { parseSourceForm, type SourceFormErrors } from "~/ingestion/source-form";
import { idParam } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.source.name ?? "Fonte"} — Redazione — Cruscotto digitale` }];

const sourceId = (params: { id?: string }) => idParam(params, "Fonte non trovata");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const source = getIngestSource(getDb(), sourceId(params));
  if (!source) throw new Response("Fonte non trovata", { status: 404 });
  return { source, adapters: Object.values(ADAPTERS).map((a) => ({ source: a.source, label: a.label })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const current = await requireStaff(request);
  const db = getDb();
  const id = sourceId(params);
  if (!getIngestSource(db, id)) throw new Response("Fonte non trovata", { status: 404 });
  const form = await request.formData();
  const actor = curatorActor(current.user).name;
  if (form.get("intent") === "run-now") {
    requestRunNow(db, id, actor);
    throw redirect(`/redazione/fonti/${id}?esito=in-coda`);
  }
  const result = parseSourceForm(form, new Date());
  if (!result.ok) return data({ errors: result.errors as SourceFormErrors, values: Object.fromEntries(form) as Record<string, string> }, { status: 422 });
  updateIngestSource(db, id, result.value, actor);
  throw redirect(`/redazione/fonti/${id}?esito=salvata`);
}

const OUTCOMES: Record<string, string> = {
  creata: "Fonte aggiunta.",
  salvata: "Fonte salvata.",
  "in-coda": "Importazione richiesta: parte entro un minuto.",
};

export default function SourcePage() {
  const { source, adapters } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const outcome = OUTCOMES[searchParams.get("esito") ?? ""];
  const v = actionData?.values;
  const values: SourceFormValues = v
    ? { name: v.name ?? "", adapter: v.adapter ?? "", url: v.url ?? "", schedule: v.schedule ?? "", enabled: v.enabled === "on", publish: v.publish === "on" }
    : { name: source.name, adapter: source.adapter, url: source.url, schedule: source.schedule, enabled: source.enabled, publish: source.publish };
  return (
    <>
      <Breadcrumb trail={[{ to: "/redazione", label: "Redazione" }, { to: "/redazione/fonti", label: "Fonti pianificate" }]} current={source.name} />
      <h1>{source.name}</h1>
      <RedazioneNav />
      {outcome ? <Notice kind="success">{outcome}</Notice> : null}
      <dl className="cd-facts mb-3">
        <dt>Prossima importazione</dt>
        <dd>{source.nextRunAt ? formatDateTime(source.nextRunAt) : "nessuna (fonte disattivata)"}</dd>
        <dt>Ultima importazione</dt>
        <dd>
          {source.lastRunAt ? formatDateTime(source.lastRunAt) : "mai"}
          {source.lastRunId ? (
            <>
              {" "}
              — <Link to={`/redazione/esecuzioni/${source.lastRunId}`}>{source.lastStatus}</Link>
            </>
          ) : null}
          {source.lastError ? <div>{source.lastError}</div> : null}
        </dd>
        <dt>Ultima modifica</dt>
        <dd>
          {formatDateTime(source.updatedAt)}
          {source.updatedBy ? ` da ${source.updatedBy}` : ""}
        </dd>
      </dl>
      <Form method="post" className="mb-4">
        <input type="hidden" name="intent" value="run-now" />
        <button type="submit" className="btn btn-outline-primary btn-sm">
          Importa adesso
        </button>
      </Form>
      <h2 className="h4">Impostazioni</h2>
      <SourceForm values={values} errors={actionData?.errors ?? {}} adapters={adapters} submitLabel="Salva" idPrefix="fonte" />
    </>
  );
}
