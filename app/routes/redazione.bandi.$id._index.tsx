import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { Notice } from "~/components/forms";
import { DemoBadge, DiffTable, RedazioneNav, StateBadge } from "~/components/redazione";
import {
  approvePending,
  CallActionError,
  changeReviewState,
  curatorActor,
  getCall,
  mergeCalls,
  rejectPending,
  releaseCuratorFields,
  resolveCall,
  rowContent,
  sourcesOf,
  splitAlias,
  versionsOf,
} from "~/data/calls.server";
import { logSecurityEvent } from "~/data/security-log.server";
import { callStatus } from "~/domain/call";
import { CALL_FIELDS, diffContent, fieldLabel, formatFieldValue } from "~/domain/call-content";
import { formatDateTime } from "~/domain/format";
import { idParam } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.call.title ?? "Bando"} — Redazione — Cruscotto digitale` }];

const callId = (params: { id?: string }) => idParam(params, "Bando non trovato");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const row = getCall(db, callId(params));
  if (!row) throw new Response("Bando non trovato", { status: 404 });
  if (row.mergedIntoId !== null) throw redirect(`/redazione/bandi/${row.mergedIntoId}`);
  const live = rowContent(row);
  return {
    call: {
      id: row.id,
      publicId: row.publicId,
      title: row.title,
      reviewState: row.reviewState,
      version: row.version,
      status: callStatus(row, new Date()),
      themesSource: row.themesSource,
      curatorFields: row.curatorFields.map(fieldLabel),
      suggestions: row.suggestions,
      pendingSince: row.pendingSince,
      rematchPending: row.rematchPending,
      liveUpdatedAt: row.liveUpdatedAt,
    },
    fields: CALL_FIELDS.map((f) => ({ field: f.field, label: f.label, value: formatFieldValue(live, f.field) })),
    diff: row.pending ? diffContent(live, row.pending) : [],
    sources: sourcesOf(db, row.id).map((s) => ({ alias: s.alias, adapter: s.adapter, mergeReason: s.mergeReason, firstSeenAt: s.firstSeenAt, lastSeenAt: s.lastSeenAt, lastRunId: s.lastRunId })),
    versions: versionsOf(db, row.id).map((v) => ({
      id: v.id,
      at: v.at,
      action: v.action,
      actorType: v.actorType,
      actor: v.actor,
      runId: v.runId,
      version: v.version,
      fields: v.changedFields.map(fieldLabel),
      note: v.note,
    })),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["publish", "archive", "discard", "reopen", "approve", "reject", "release-themes"]) }),
  z.object({ intent: z.literal("merge"), altro: z.string().trim().min(1, "Indica l'identificativo del bando da unire").max(300) }),
  z.object({ intent: z.literal("split"), alias: z.string().trim().min(1).max(300) }),
]);

const OUTCOMES: Record<string, string> = {
  publish: "Bando pubblicato.",
  archive: "Bando archiviato.",
  discard: "Bando scartato.",
  reopen: "Bando riportato tra quelli da revisionare.",
  approve: "Modifica approvata: ora è pubblica.",
  reject: "Modifica respinta: resta pubblicata la versione precedente.",
  merge: "Bandi uniti: tutti gli identificativi portano a questo bando.",
  split: "Fonte separata in un bando a sé, da revisionare.",
  "release-themes": "I temi torneranno a essere assegnati dalle fonti alla prossima importazione.",
  modificato: "Modifiche salvate e registrate nella storia del bando.",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const current = await requireStaff(request);
  const db = getDb();
  const id = callId(params);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "Richiesta non valida." }, { status: 400 });
  const actor = curatorActor(current.user);
  const input = parsed.data;
  try {
    let target = id;
    switch (input.intent) {
      case "publish":
      case "archive":
      case "discard":
      case "reopen":
        changeReviewState(db, id, input.intent, actor);
        break;
      case "approve":
        approvePending(db, id, actor);
        break;
      case "reject":
        rejectPending(db, id, actor);
        break;
      case "release-themes":
        releaseCuratorFields(db, id, ["themes"], actor);
        break;
      case "merge": {
        const other = resolveCall(db, input.altro) ?? (/^\d+$/.test(input.altro) ? getCall(db, Number(input.altro)) : undefined);
        if (!other) return data({ error: `Nessun bando con identificativo «${input.altro}».` }, { status: 422 });
        if (other.id === id) return data({ error: "Un bando non può essere unito a sé stesso." }, { status: 422 });
        mergeCalls(db, id, other.id, actor);
        break;
      }
      case "split":
        target = splitAlias(db, id, input.alias, actor).id;
        break;
    }
    if (input.intent === "discard" || input.intent === "merge" || input.intent === "split") {
      logSecurityEvent(db, { actor: `utente:${current.user.id}`, action: `bando-${input.intent}`, target: `bando:${id}`, ip: context.clientIp ?? null });
    }
    throw redirect(`/redazione/bandi/${target}?esito=${input.intent}`);
  } catch (error) {
    if (error instanceof CallActionError) return data({ error: error.message }, { status: 409 });
    throw error;
  }
}

function ActionButton({ intent, label, variant = "primary" }: { intent: string; label: string; variant?: string }) {
  return (
    <Form method="post" className="cd-inline-form">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={`btn btn-${variant} btn-sm`}>
        {label}
      </button>
    </Form>
  );
}

export default function CallReview() {
  const { call, fields, diff, sources, versions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const outcome = OUTCOMES[searchParams.get("esito") ?? ""];
  const state = call.reviewState;
  return (
    <>
      <Breadcrumb trail={[{ to: "/redazione", label: "Redazione" }, { to: "/redazione/bandi", label: "Bandi" }]} current={call.publicId} />
      <h1>{call.title}</h1>
      <RedazioneNav />
      {outcome ? <Notice kind="success">{outcome}</Notice> : null}
      {actionData && "error" in actionData ? <Notice kind="danger">{actionData.error}</Notice> : null}
      <p>
        <StateBadge state={state} /> {call.publicId.startsWith("demo:") ? <DemoBadge /> : null} Identificativo <code>{call.publicId}</code>, versione {call.version}, stato
        dalle date: <strong>{call.status}</strong>. Ultima modifica pubblica: {formatDateTime(call.liveUpdatedAt)}.
        {call.rematchPending ? " In attesa di un nuovo abbinamento con i comuni." : ""}
      </p>
      <div className="cd-table-actions mb-4">
        <Link className="btn btn-outline-primary btn-sm" to={`/redazione/bandi/${call.id}/modifica`}>
          Modifica i campi
        </Link>
        {state === "da-revisionare" || state === "archiviato" ? <ActionButton intent="publish" label="Pubblica" /> : null}
        {state === "pubblicato" || state === "da-revisionare" ? <ActionButton intent="archive" label="Archivia" variant="outline-primary" /> : null}
        {state !== "scartato" ? <ActionButton intent="discard" label="Scarta" variant="outline-danger" /> : null}
        {state === "scartato" || state === "archiviato" ? <ActionButton intent="reopen" label="Rimetti in revisione" variant="outline-primary" /> : null}
      </div>

      {diff.length > 0 ? (
        <section aria-labelledby="modifica-in-attesa" className="mb-5">
          <h2 id="modifica-in-attesa" className="h4">
            Modifica in attesa di revisione
          </h2>
          <p>
            Arrivata dalla fonte il {call.pendingSince ? formatDateTime(call.pendingSince) : "—"}. Finché non la approvi resta pubblica la versione attuale.
          </p>
          <DiffTable diff={diff} caption="Differenze tra la versione pubblicata e la modifica proposta" beforeLabel="Versione pubblicata" afterLabel="Modifica proposta" />
          <div className="cd-table-actions">
            <ActionButton intent="approve" label="Approva la modifica" />
            <ActionButton intent="reject" label="Respingi la modifica" variant="outline-danger" />
          </div>
        </section>
      ) : null}

      <section aria-labelledby="contenuto" className="mb-5">
        <h2 id="contenuto" className="h4">
          {state === "pubblicato" ? "Versione pubblicata" : "Contenuto"}
        </h2>
        <dl className="cd-facts">
          {fields.map((f) => (
            <div key={f.field} className="cd-facts-row">
              <dt>{f.label}</dt>
              <dd className={f.field === "description" ? "cd-pre" : undefined}>{f.value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 cd-muted">
          Temi: {call.themesSource === "curator" ? "scelti dalla redazione" : call.themesSource === "fonte" ? "indicati dalla fonte" : "assegnati automaticamente dalle parole chiave"}.
          {call.curatorFields.length ? ` Campi modificati dalla redazione (le fonti non li sovrascrivono): ${call.curatorFields.join(", ")}.` : ""}
        </p>
        {call.themesSource === "curator" ? <ActionButton intent="release-themes" label="Restituisci i temi alle fonti" variant="outline-primary" /> : null}
        {call.suggestions.length ? (
          <>
            <h3 className="h5 mt-4">Suggerimenti dalle fonti (da verificare)</h3>
            <ul>
              {call.suggestions.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="fonti" className="mb-5">
        <h2 id="fonti" className="h4">
          Fonti e identificativi
        </h2>
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">Fonti del bando: ogni identificativo porta a questo bando</caption>
            <thead>
              <tr>
                <th scope="col">Identificativo</th>
                <th scope="col">Adattatore</th>
                <th scope="col">Letto la prima volta</th>
                <th scope="col">Ultima lettura</th>
                <th scope="col">Azioni</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.alias}>
                  <th scope="row">
                    <code>{s.alias}</code>
                    {s.mergeReason ? <div className="small">Unito come duplicato: {s.mergeReason}</div> : null}
                  </th>
                  <td>{s.adapter}</td>
                  <td>{formatDateTime(s.firstSeenAt)}</td>
                  <td>{s.lastRunId ? <Link to={`/redazione/esecuzioni/${s.lastRunId}`}>{formatDateTime(s.lastSeenAt)}</Link> : formatDateTime(s.lastSeenAt)}</td>
                  <td>
                    {s.alias !== call.publicId ? (
                      <Form method="post" className="cd-inline-form">
                        <input type="hidden" name="intent" value="split" />
                        <input type="hidden" name="alias" value={s.alias} />
                        <button type="submit" className="btn btn-outline-danger btn-sm">
                          Separa<span className="visually-hidden"> {s.alias}</span>
                        </button>
                      </Form>
                    ) : (
                      "fonte principale"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Form method="post" className="row g-2 align-items-end cd-form">
          <input type="hidden" name="intent" value="merge" />
          <div className="col-12 col-md-8 form-group mb-0">
            <label htmlFor="altro">Unisci a questo bando un duplicato (identificativo, ad esempio fonte:123)</label>
            <input id="altro" name="altro" className="form-control" required autoComplete="off" />
          </div>
          <div className="col-12 col-md-4">
            <button type="submit" className="btn btn-outline-primary">
              Unisci il duplicato
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="storia">
        <h2 id="storia" className="h4">
          Storia delle modifiche
        </h2>
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">Ogni modifica del bando: chi, quando, che cosa</caption>
            <thead>
              <tr>
                <th scope="col">Quando</th>
                <th scope="col">Chi</th>
                <th scope="col">Che cosa</th>
                <th scope="col">Campi</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <td>{formatDateTime(v.at)}</td>
                  <td>
                    {v.actorType === "redazione" ? "Redazione" : v.actorType === "fonte" ? "Fonte" : "Sistema"}: {v.actor}
                    {v.runId ? (
                      <>
                        {" "}
                        (<Link to={`/redazione/esecuzioni/${v.runId}`}>importazione {v.runId}</Link>)
                      </>
                    ) : null}
                  </td>
                  <td>
                    {v.action} (versione {v.version}){v.note ? <div className="small">{v.note}</div> : null}
                  </td>
                  <td>{v.fields.length ? v.fields.join(", ") : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
