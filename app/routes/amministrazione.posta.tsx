import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb, writeTransaction } from "~db/client.server";
import { clientIp, invalid, parseForm } from "~/auth/forms.server";
import { requireRole } from "~/auth/guards.server";
import { AdminNav } from "~/components/admin";
import { FormMessage } from "~/components/forms";
import { ResultCount } from "~/components/filter-form";
import { PagedTable } from "~/components/pagination";
import { listAlertRuns, subscriptionCounts } from "~/data/alerts.server";
import { countOutboxByStatus, listOutbox, requeueFailed } from "~/data/outbox.server";
import { recordSecurityEvent, userRef } from "~/data/security-log.server";
import { formatDateTime, formatInteger } from "~/domain/format";
import { notifyMailWorker } from "~/mail/queue.server";

export const meta: MetaFunction = () => [{ title: "Posta in uscita — Amministrazione — Cruscotto digitale" }];

const PER_PAGE = 50;
const STATUSES = ["in-attesa", "in-invio", "inviato", "fallito", "soppresso"] as const;
const STATUS_LABELS: Record<(typeof STATUSES)[number], string> = {
  "in-attesa": "In attesa",
  "in-invio": "In invio",
  inviato: "Inviato",
  fallito: "Non recapitato",
  soppresso: "Indirizzo soppresso",
};

const query = z.object({
  stato: z.enum(STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

/** The outbox for admins: what waits, what was sent, the dead letters (which can be re-queued). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const url = new URL(request.url);
  const q = query.parse({ stato: url.searchParams.get("stato") || undefined, page: url.searchParams.get("page") ?? 1 });
  const db = getDb();
  const { items, total } = listOutbox(db, { status: q.stato, page: q.page, perPage: PER_PAGE });
  return {
    items,
    total,
    page: q.page,
    perPage: PER_PAGE,
    stato: q.stato ?? "",
    counts: countOutboxByStatus(db),
    alertRuns: listAlertRuns(db, 10),
    subscriptions: subscriptionCounts(db),
  };
}

const schema = z.object({ intent: z.literal("riaccoda"), id: z.coerce.number().int().positive() });

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, ["admin"]);
  const parsed = parseForm(await request.formData(), schema);
  if ("errors" in parsed) return invalid(parsed.errors);
  const changed = writeTransaction(getDb(), (tx) => {
    const n = requeueFailed(tx, [parsed.data.id], new Date());
    if (n > 0) recordSecurityEvent(tx, { actor: userRef(user.id), action: "posta-riaccodata", target: `messaggio:${parsed.data.id} riaccodato`, ip: clientIp(context) });
    return n;
  });
  if (changed > 0) notifyMailWorker();
  return { ok: changed > 0 ? "Messaggio rimesso in coda." : "Il messaggio non è tra quelli non recapitati." };
}

export default function Outbox() {
  const { items, total, page, perPage, stato, counts, alertRuns, subscriptions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <h1>Posta in uscita</h1>
      <AdminNav />
      <FormMessage ok={actionData && "ok" in actionData ? actionData.ok : undefined} error={actionData && "error" in actionData ? actionData.error : undefined} />
      <ul className="list-inline">
        {STATUSES.map((s) => (
          <li key={s} className="list-inline-item me-3">
            <Link to={`?stato=${s}`} aria-current={stato === s ? "true" : undefined}>
              {STATUS_LABELS[s]}: {formatInteger(counts[s])}
            </Link>
          </li>
        ))}
        <li className="list-inline-item">
          <Link to="?">Tutti</Link>
        </li>
      </ul>
      <ResultCount total={total} none="Nessun messaggio." one="messaggio" many="messaggi" />
      <PagedTable
        rows={items.length}
        className="table table-sm"
        caption={<>Messaggi in uscita, pagina {page}</>}
        pagination={{ page, perPage, total, searchParams, label: "Pagine della posta in uscita" }}
      >
        <thead>
          <tr>
            <th scope="col">Creato</th>
            <th scope="col">Destinatario</th>
            <th scope="col">Oggetto</th>
            <th scope="col">Stato</th>
            <th scope="col">Tentativi</th>
            <th scope="col">Ultimo errore</th>
            <th scope="col">Azioni</th>
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.id}>
              <th scope="row">{formatDateTime(m.createdAt)}</th>
              <td>{m.recipient}</td>
              <td>{m.subject}</td>
              <td>{STATUS_LABELS[m.status]}</td>
              <td>{m.attempts}</td>
              <td>{m.lastError ?? "—"}</td>
              <td>
                {m.status === "fallito" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="riaccoda" />
                    <input type="hidden" name="id" value={m.id} />
                    <button type="submit" className="btn btn-outline-primary btn-sm">
                      Rimetti in coda<span className="visually-hidden"> il messaggio a {m.recipient}</span>
                    </button>
                  </Form>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
      <section aria-labelledby="titolo-avvisi" className="mt-5">
        <h2 id="titolo-avvisi">Avvisi</h2>
        <p>
          Iscrizioni attive: {formatInteger(subscriptions.attiva)}; in attesa di conferma: {formatInteger(subscriptions["da-confermare"])};
          disattivate: {formatInteger(subscriptions.disattivata)}.
        </p>
        {alertRuns.length > 0 ? (
          <div className="table-responsive">
            <table className="table table-sm">
              <caption>Ultimi passaggi del processo degli avvisi (ogni 5 minuti)</caption>
              <thead>
                <tr>
                  <th scope="col">Inizio</th>
                  <th scope="col">Esito</th>
                  <th scope="col">Avvisi decisi</th>
                  <th scope="col">E-mail in coda</th>
                  <th scope="col">Riepiloghi</th>
                  <th scope="col">Errore</th>
                </tr>
              </thead>
              <tbody>
                {alertRuns.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{formatDateTime(r.startedAt)}</th>
                    <td>{r.status}</td>
                    <td>{formatInteger(r.counts.alerts ?? 0)}</td>
                    <td>{formatInteger(r.counts.messages ?? 0)}</td>
                    <td>{formatInteger(r.counts.digests ?? 0)}</td>
                    <td>{r.error ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>Il processo degli avvisi non è ancora stato eseguito.</p>
        )}
      </section>
    </>
  );
}
