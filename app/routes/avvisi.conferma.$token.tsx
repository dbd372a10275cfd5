import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { confirmGuest, pendingConfirmation } from "~/alerts/subscriptions.server";
import { clientIp } from "~/auth/forms.server";
import { ALERT_FREQUENCY_LABELS } from "~/domain/alerts/settings";
import { secretUrlHeaders } from "~/utils/headers";

export const meta: MetaFunction = () => [{ title: "Conferma l'iscrizione agli avvisi — Cruscotto digitale" }];
export const headers = secretUrlHeaders;

/** Double opt-in: the GET only shows what would be confirmed; the POST confirms (SECURITY.md 7). */
export async function loader({ params }: LoaderFunctionArgs) {
  const pending = pendingConfirmation(getDb(), params.token ?? "");
  return {
    pending: pending?.pendingSettings
      ? { comune: pending.comune, frequency: ALERT_FREQUENCY_LABELS[pending.pendingSettings.frequency], email: pending.email ?? "" }
      : null,
  };
}

export async function action({ params, context }: ActionFunctionArgs) {
  const row = confirmGuest(getDb(), params.token ?? "", clientIp(context));
  return row ? { confirmed: true as const } : { confirmed: false as const };
}

export default function ConfirmGuest() {
  const { pending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.confirmed) {
    return (
      <>
        <h1>Iscrizione confermata</h1>
        <p role="status">Da ora riceverai gli avvisi richiesti. Ogni messaggio contiene il collegamento per smettere di riceverli.</p>
        <p>
          <Link to="/">Vai alla pagina iniziale</Link>
        </p>
      </>
    );
  }
  if (!pending || result?.confirmed === false) {
    return (
      <>
        <h1>Collegamento non valido</h1>
        <p>Il collegamento è scaduto o è già stato usato. Puoi chiedere di nuovo l'iscrizione.</p>
        <p>
          <Link to="/avvisi/iscrizione">Chiedi di nuovo l'iscrizione agli avvisi</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Conferma l'iscrizione agli avvisi</h1>
      <p>
        Confermi di voler ricevere all'indirizzo <strong>{pending.email}</strong> gli avvisi del Cruscotto digitale per il comune di{" "}
        <strong>{pending.comune}</strong> ({pending.frequency.toLowerCase()})?
      </p>
      <Form method="post">
        <button type="submit" className="btn btn-primary">
          Conferma l'iscrizione
        </button>
      </Form>
    </>
  );
}
