import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb, writeTransaction } from "~db/client.server";
import { parseForm } from "~/auth/forms.server";
import { requireUser } from "~/auth/guards.server";
import { Pagination } from "~/components/pagination";
import { listNotifications, markNotificationsRead, unreadNotificationCount } from "~/data/alerts.server";
import { formatDateTime, formatInteger } from "~/domain/format";

export const meta: MetaFunction = () => [{ title: "Notifiche — Cruscotto digitale" }];

const PER_PAGE = 25;
const KIND_LABELS = { "nuovo-bando": "Nuovo bando", modifica: "Bando modificato", promemoria: "Scadenza" } as const;

const query = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  solo: z.enum(["non-lette"]).optional().catch(undefined),
});

/** The in-app notification centre (issue 7, point 6): the user's own notifications only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const url = new URL(request.url);
  const q = query.parse({ page: url.searchParams.get("page") ?? 1, solo: url.searchParams.get("solo") ?? undefined });
  const db = getDb();
  const { items, total } = listNotifications(db, user.id, { unreadOnly: q.solo === "non-lette", page: q.page, perPage: PER_PAGE });
  return {
    items: items.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: n.createdAt, read: n.readAt !== null })),
    total,
    page: q.page,
    perPage: PER_PAGE,
    unreadOnly: q.solo === "non-lette",
    unread: unreadNotificationCount(db, user.id),
  };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("letta"), id: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("tutte") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const parsed = parseForm(await request.formData(), schema);
  if ("errors" in parsed) return data({ ok: false }, { status: 400 });
  const form = parsed.data;
  // Scoped to the user in the query: another person's notification is never touched.
  const changed = writeTransaction(getDb(), (tx) => markNotificationsRead(tx, user.id, form.intent === "tutte" ? "tutte" : [form.id], new Date()));
  return { ok: changed > 0 };
}

export default function Notifications() {
  const { items, total, page, perPage, unreadOnly, unread } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <h1>Notifiche</h1>
      <p>
        Le novità sui bandi per i comuni che segui. Scegli quali ricevere, e se riceverle anche via e-mail, da{" "}
        <Link to="/account/avvisi">I miei avvisi</Link>.
      </p>
      <div className="cd-table-actions mb-3">
        <p className="mb-0" role="status">
          {unread === 0 ? "Nessuna notifica da leggere." : `${formatInteger(unread)} ${unread === 1 ? "notifica da leggere" : "notifiche da leggere"}.`}
        </p>
        {unreadOnly ? <Link to="?">Mostra tutte</Link> : <Link to="?solo=non-lette">Mostra solo quelle da leggere</Link>}
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="tutte" />
            <button type="submit" className="btn btn-outline-primary btn-sm">
              Segna tutte come lette
            </button>
          </Form>
        ) : null}
      </div>
      {items.length === 0 ? (
        <p>{total === 0 && !unreadOnly ? "Non hai ancora notifiche. Attiva gli avvisi per i comuni che ti interessano." : "Nessuna notifica."}</p>
      ) : (
        <ul className="list-unstyled">
          {items.map((n) => (
            <li key={n.id} className={`border-start border-4 ps-3 py-2 mb-3 ${n.read ? "border-light" : "border-primary"}`}>
              <p className="mb-1 small cd-muted">
                {KIND_LABELS[n.kind]} · {formatDateTime(n.createdAt)}
                {n.read ? "" : " · da leggere"}
              </p>
              <h2 className="h5 mb-1">
                <Link to={n.link}>{n.title}</Link>
              </h2>
              {n.body ? <p className="mb-1">{n.body}</p> : null}
              {n.read ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="letta" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="btn btn-link btn-sm p-0">
                    Segna come letta<span className="visually-hidden">: {n.title}</span>
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} perPage={perPage} total={total} searchParams={searchParams} label="Pagine delle notifiche" />
    </>
  );
}
