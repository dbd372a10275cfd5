import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { unsubscribe } from "~/alerts/subscriptions.server";
import { verifyUnsubscribeToken } from "~/alerts/tokens.server";
import { clientIp } from "~/auth/forms.server";
import { ALERT_FREQUENCY_LABELS } from "~/domain/alerts/settings";
import { secretUrlHeaders } from "~/utils/headers";

export const meta: MetaFunction = () => [{ title: "Non ricevere più gli avvisi — Cruscotto digitale" }];
export const headers = secretUrlHeaders;

/**
 * Unsubscribe (issue 7, point 3; SECURITY.md 7, RFC 8058). The link of every alert points here.
 * GET only shows what the link would turn off, with a button; the POST turns it off. A mail
 * provider's one-click POST (body `List-Unsubscribe=One-Click`, no cookies) hits the same action.
 * The signed token is the only credential: no login needed, nothing else accepted.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const rows = verifyUnsubscribeToken(params.token ?? "");
  return {
    subscriptions: rows?.map((r) => ({ comune: r.comune, frequency: ALERT_FREQUENCY_LABELS[r.frequency], active: r.status !== "disattivata" })) ?? null,
  };
}

export async function action({ params, context }: ActionFunctionArgs) {
  const rows = unsubscribe(getDb(), params.token ?? "", clientIp(context));
  if (!rows) throw new Response("Collegamento non valido", { status: 404 });
  return { done: rows.map((r) => r.comune) };
}

export default function Unsubscribe() {
  const { subscriptions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result) {
    return (
      <>
        <h1>Avvisi disattivati</h1>
        <p role="status">Non riceverai più gli avvisi per: {result.done.join(", ")}.</p>
        <p>
          Hai cambiato idea? Chi ha un account può riattivarli da <Link to="/account/avvisi">I miei avvisi</Link>; gli altri possono
          iscriversi di nuovo da <Link to="/avvisi/iscrizione">questa pagina</Link>.
        </p>
      </>
    );
  }
  if (!subscriptions) {
    return (
      <>
        <h1>Collegamento non valido</h1>
        <p>Il collegamento per disattivare gli avvisi non è valido. Se hai un account puoi gestire gli avvisi da «I miei avvisi».</p>
        <p>
          <Link to="/account/avvisi">Vai a I miei avvisi</Link>
        </p>
      </>
    );
  }
  const active = subscriptions.filter((s) => s.active);
  return (
    <>
      <h1>Non ricevere più gli avvisi</h1>
      {active.length === 0 ? (
        <p>Questi avvisi sono già disattivati: non riceverai altri messaggi.</p>
      ) : (
        <>
          <p>Con il pulsante qui sotto smetterai di ricevere gli avvisi del Cruscotto digitale per:</p>
          <ul>
            {active.map((s) => (
              <li key={s.comune}>
                {s.comune} ({s.frequency.toLowerCase()})
              </li>
            ))}
          </ul>
          <Form method="post">
            <button type="submit" className="btn btn-primary">
              Disattiva gli avvisi
            </button>
          </Form>
        </>
      )}
    </>
  );
}
