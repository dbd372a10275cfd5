import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { comuniFromForm, roleFields } from "~/admin/forms.server";
import { changeRoleAndComuni, resendInvitation, resetTotp, setAccountDisabled } from "~/auth/accounts.server";
import { accountFailure, clientIp, invalid, parseForm } from "~/auth/forms.server";
import { requireRole } from "~/auth/guards.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { AdminNav, STATUS_LABELS } from "~/components/admin";
import { FormMessage } from "~/components/forms";
import { RoleFields } from "~/components/role-fields";
import { SECURITY_ACTIONS, userRef } from "~/auth/security-actions";
import { listSecurityLog } from "~/data/security-log.server";
import { pendingInvitation } from "~/data/tokens.server";
import { getUserById, namedComuniOfUser, userStatus } from "~/data/users.server";
import { formatDateTime } from "~/domain/format";
import { idParam } from "~/utils/params";

export const meta: MetaFunction = () => [{ title: "Utente — Amministrazione — Cruscotto digitale" }];

const userId = (params: { id?: string }) => idParam(params, "Utente inesistente");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user: admin } = await requireRole(request, ["admin"]);
  const db = getDb();
  const target = getUserById(db, userId(params));
  if (!target) throw new Response("Utente inesistente", { status: 404 });
  const comuni = namedComuniOfUser(db, target.id);
  const invitation = pendingInvitation(db, target.id);
  const events = listSecurityLog(db, { who: userRef(target.id), page: 1, perPage: 20 }).items.filter(
    (e) => e.actor === userRef(target.id) || e.target === userRef(target.id) || (e.target ?? "").startsWith(`${userRef(target.id)} `),
  );
  return {
    self: admin.id === target.id,
    user: {
      id: target.id,
      email: target.email,
      name: target.name,
      role: target.role,
      status: userStatus(target),
      createdAt: target.createdAt,
      lastLoginAt: target.lastLoginAt,
      totp: target.totpEnabledAt !== null,
      invitationExpiresAt: invitation?.expiresAt ?? null,
    },
    comuni,
    events: events.map((e) => ({ id: e.id, at: e.at, actor: e.actor, action: e.action, target: e.target })),
  };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("ruolo"), ...roleFields }),
  z.object({ intent: z.literal("disattiva") }),
  z.object({ intent: z.literal("riattiva") }),
  z.object({ intent: z.literal("invito") }),
  z.object({ intent: z.literal("azzera-totp") }),
]);

const DONE: Record<string, string> = {
  ruolo: "Ruolo e comuni aggiornati.",
  disattiva: "Account disattivato: tutte le sessioni sono state chiuse.",
  riattiva: "Account riattivato.",
  invito: "Nuovo invito inviato; il collegamento precedente non è più valido.",
  "azzera-totp": "Verifica in due passaggi disattivata per questo account.",
};

/** Every change is an admin action, security-logged by the account workflows. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user: admin } = await requireRole(request, ["admin"]);
  const id = userId(params);
  const parsed = parseForm(await request.formData(), schema);
  if ("errors" in parsed) return invalid(parsed.errors);
  const db = getDb();
  const ip = clientIp(context);
  const actor = { ref: userRef(admin.id), ip };
  if (!getUserById(db, id)) throw new Response("Utente inesistente", { status: 404 });
  try {
    switch (parsed.data.intent) {
      case "ruolo": {
        const comuni = comuniFromForm(db, parsed.data.comuni);
        if ("error" in comuni) return invalid({ comuni: comuni.error });
        changeRoleAndComuni(db, admin, id, { role: parsed.data.role, comuni: comuni.istat }, ip);
        break;
      }
      case "disattiva":
      case "riattiva":
        setAccountDisabled(db, admin, id, parsed.data.intent === "disattiva", ip);
        break;
      case "invito":
        resendInvitation(db, id, actor, { sendEmail: true });
        break;
      case "azzera-totp":
        resetTotp(db, actor, id);
        break;
    }
  } catch (error) {
    return accountFailure(error);
  }
  return { ok: DONE[parsed.data.intent], error: undefined, fieldErrors: undefined };
}

export default function UserDetail() {
  const { user, comuni, events, self } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const invited = searchParams.get("esito") === "invitato" ? "Invito inviato." : undefined;
  return (
    <>
      <h1>{user.name ?? user.email}</h1>
      <AdminNav />
      <FormMessage error={actionData?.error} ok={actionData?.ok ?? invited} />
      <dl className="cd-facts mb-5">
        <dt>E-mail</dt>
        <dd>{user.email}</dd>
        <dt>Ruolo</dt>
        <dd>{ROLE_LABELS[user.role]}</dd>
        <dt>Comuni</dt>
        <dd>{comuni.length === 0 ? "—" : comuni.map((c) => `${c.name} (${c.istat})`).join(", ")}</dd>
        <dt>Stato</dt>
        <dd>
          {STATUS_LABELS[user.status]}
          {user.invitationExpiresAt ? ` — invito valido fino al ${formatDateTime(user.invitationExpiresAt)}` : ""}
        </dd>
        <dt>Verifica in due passaggi</dt>
        <dd>{user.totp ? "Attiva" : "Non attiva"}</dd>
        <dt>Creato il</dt>
        <dd>{formatDateTime(user.createdAt)}</dd>
        <dt>Ultimo accesso</dt>
        <dd>{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : "—"}</dd>
      </dl>

      <div className="row">
        <section aria-labelledby="titolo-ruolo" className="col-12 col-lg-6 mb-5">
          <h2 id="titolo-ruolo">Ruolo e comuni</h2>
          <Form method="post" className="cd-filters">
            <input type="hidden" name="intent" value="ruolo" />
            <RoleFields role={user.role} comuni={comuni.map((c) => c.istat).join(", ")} errors={actionData?.fieldErrors} />
            <button type="submit" className="btn btn-primary">
              Salva ruolo e comuni
            </button>
          </Form>
        </section>

        <section aria-labelledby="titolo-accesso" className="col-12 col-lg-6 mb-5">
          <h2 id="titolo-accesso">Accesso</h2>
          {self ? (
            <p>Questo è il tuo account: non puoi disattivarlo da qui.</p>
          ) : user.status === "disattivato" ? (
            <Form method="post" className="mb-3">
              <input type="hidden" name="intent" value="riattiva" />
              <button type="submit" className="btn btn-primary">
                Riattiva l'account
              </button>
            </Form>
          ) : (
            <Form method="post" className="mb-3">
              <input type="hidden" name="intent" value="disattiva" />
              <p>Disattivare l'account chiude subito tutte le sue sessioni e invalida i collegamenti inviati.</p>
              <button type="submit" className="btn btn-danger">
                Disattiva l'account
              </button>
            </Form>
          )}
          {user.status === "invitato" ? (
            <Form method="post" className="mb-3">
              <input type="hidden" name="intent" value="invito" />
              <button type="submit" className="btn btn-outline-primary">
                Invia un nuovo invito
              </button>
            </Form>
          ) : null}
          {user.totp ? (
            <Form method="post" className="mb-3">
              <input type="hidden" name="intent" value="azzera-totp" />
              <p>Se la persona ha perso il telefono, dopo averla identificata puoi disattivare la verifica in due passaggi.</p>
              <button type="submit" className="btn btn-outline-primary">
                Disattiva la verifica in due passaggi
              </button>
            </Form>
          ) : null}
        </section>
      </div>

      <section aria-labelledby="titolo-eventi" className="mb-5">
        <h2 id="titolo-eventi">Ultimi eventi di sicurezza</h2>
        {events.length === 0 ? (
          <p>Nessun evento registrato.</p>
        ) : (
          <div className="table-responsive">
            <table className="table">
              <caption className="visually-hidden">Ultimi eventi di sicurezza dell'utente</caption>
              <thead>
                <tr>
                  <th scope="col">Quando</th>
                  <th scope="col">Evento</th>
                  <th scope="col">Autore</th>
                  <th scope="col">Dettagli</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">{formatDateTime(e.at)}</th>
                    <td>{SECURITY_ACTIONS[e.action as keyof typeof SECURITY_ACTIONS] ?? e.action}</td>
                    <td>{e.actor}</td>
                    <td>{e.target ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p>
          <Link to={`/amministrazione/registro?chi=${encodeURIComponent(userRef(user.id))}`}>Tutti gli eventi nel registro</Link>
        </p>
      </section>
      <p>
        <Link to="/amministrazione/utenti">Torna all'elenco degli utenti</Link>
      </p>
    </>
  );
}
