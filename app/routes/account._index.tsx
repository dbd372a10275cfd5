import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { setConsent } from "~/auth/accounts.server";
import { clientIp, invalid, parseForm } from "~/auth/forms.server";
import { requireUser } from "~/auth/guards.server";
import { canUseTotp, ROLE_LABELS } from "~/auth/permissions";
import { FormMessage } from "~/components/forms";
import { namedComuniOfUser } from "~/data/users.server";
import { formatDateTime } from "~/domain/format";

export const meta: MetaFunction = () => [{ title: "Il mio account — Cruscotto digitale" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, comuni } = await requireUser(request);
  return {
    account: {
      email: user.email,
      name: user.name,
      role: ROLE_LABELS[user.role],
      comuni: comuni.length > 0 ? namedComuniOfUser(getDb(), user.id) : [],
      lastLoginAt: user.lastLoginAt,
      notificationsConsent: user.notificationsConsent,
      totp: user.totpEnabledAt !== null,
      canUseTotp: canUseTotp({ role: user.role, comuni }),
    },
  };
}

const schema = z.object({ consenso: z.enum(["si", "no"]) });

/** Notification consent: off by default, one click turns it on or off (SECURITY.md 25). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const parsed = parseForm(await request.formData(), schema);
  if ("errors" in parsed) return invalid(parsed.errors);
  const consent = parsed.data.consenso === "si";
  setConsent(getDb(), user, consent, clientIp(context));
  return { ok: consent ? "Notifiche via e-mail attivate." : "Notifiche via e-mail disattivate." };
}

const OUTCOMES: Record<string, string> = {
  benvenuto: "Account attivato: benvenuto nel Cruscotto digitale.",
  "email-modificata": "Indirizzo e-mail modificato.",
  "password-modificata": "Password modificata. Tutte le sessioni aperte sono state chiuse: qui sei collegato con una nuova sessione.",
  "totp-attivato": "Verifica in due passaggi attivata.",
  "totp-disattivato": "Verifica in due passaggi disattivata.",
};

export default function Account() {
  const { account } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const outcome = OUTCOMES[searchParams.get("esito") ?? ""];
  return (
    <>
      <h1>Il mio account</h1>
      <FormMessage ok={actionData && "ok" in actionData ? actionData.ok : outcome} />
      <section aria-labelledby="titolo-dati" className="mb-5">
        <h2 id="titolo-dati">I tuoi dati</h2>
        <dl className="cd-facts">
          <dt>E-mail</dt>
          <dd>{account.email}</dd>
          {account.name ? (
            <>
              <dt>Nome</dt>
              <dd>{account.name}</dd>
            </>
          ) : null}
          <dt>Ruolo</dt>
          <dd>{account.role}</dd>
          {account.comuni.length > 0 ? (
            <>
              <dt>Comuni</dt>
              <dd>
                {account.comuni.map((c, i) => (
                  <span key={c.istat}>
                    {i > 0 ? ", " : ""}
                    <Link to={`/comuni/${c.istat}`}>{c.name}</Link>
                  </span>
                ))}
              </dd>
            </>
          ) : null}
          <dt>Ultimo accesso</dt>
          <dd>{account.lastLoginAt ? formatDateTime(account.lastLoginAt) : "—"}</dd>
        </dl>
      </section>

      <section aria-labelledby="titolo-notifiche" className="mb-5">
        <h2 id="titolo-notifiche">Notifiche via e-mail</h2>
        <p>
          {account.notificationsConsent
            ? "Hai acconsentito a ricevere via e-mail le notifiche del Cruscotto (nuovi bandi per i tuoi comuni, scadenze)."
            : "Non ricevi notifiche via e-mail. Sono disattivate finché non le attivi tu."}
        </p>
        <Form method="post">
          <input type="hidden" name="consenso" value={account.notificationsConsent ? "no" : "si"} />
          <button type="submit" className={`btn ${account.notificationsConsent ? "btn-outline-primary" : "btn-primary"}`}>
            {account.notificationsConsent ? "Disattiva le notifiche" : "Attiva le notifiche"}
          </button>
        </Form>
        <p className="mt-3">
          <Link to="/account/avvisi">I miei avvisi: scegli i comuni, la frequenza, i temi e i promemoria delle scadenze</Link>
        </p>
      </section>

      <section aria-labelledby="titolo-sicurezza" className="mb-5">
        <h2 id="titolo-sicurezza">Sicurezza e privacy</h2>
        <ul>
          <li>
            <Link to="/account/password">Cambia la password</Link>
          </li>
          <li>
            <Link to="/account/email">Cambia l'indirizzo e-mail</Link>
          </li>
          {account.canUseTotp ? (
            <li>
              <Link to="/account/verifica-due-passaggi">
                Verifica in due passaggi ({account.totp ? "attiva" : "non attiva"})
              </Link>
            </li>
          ) : null}
          <li>
            <Link to="/account/dati">I miei dati: scarica o elimina l'account</Link>
          </li>
        </ul>
      </section>
    </>
  );
}
