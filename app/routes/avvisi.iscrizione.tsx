import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { formRecord, parseSettings, requestGuest } from "~/alerts/subscriptions.server";
import { clientIp } from "~/auth/forms.server";
import { SUBSCRIPTION_FIELD_IDS, SubscriptionFields } from "~/components/alerts/subscription-form";
import { FormMessage } from "~/components/forms";
import { HoneypotInputs } from "~/components/honeypot";
import { ErrorSummary, FormActions, TextField, type FieldErrors } from "~/components/profile/form-fields";
import { resolveComuniInput } from "~/data/users.server";
import { defaultSettings } from "~/domain/alerts/settings";
import { checkHoneypot, honeypotFields } from "~/utils/honeypot.server";

export const meta: MetaFunction = () => [{ title: "Avvisi per e-mail senza account — Cruscotto digitale" }];

/**
 * Public form (issue 7, point 1): a comune's office subscribes without an account. Honeypot,
 * rate limit, double opt-in by e-mail, and one answer whatever happened (SECURITY.md 5).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return { honeypot: honeypotFields(), comune: url.searchParams.get("comune")?.slice(0, 100) ?? "", defaults: defaultSettings() };
}

const emailSchema = z.string().trim().email("Indirizzo e-mail non valido.").max(254, "Indirizzo e-mail troppo lungo.");

export const GENERIC_ANSWER =
  "Richiesta ricevuta. Se l'indirizzo è corretto, riceverai a breve un messaggio con il collegamento per confermare l'iscrizione: gli avvisi partono solo dopo la conferma. Il collegamento vale 48 ore.";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  checkHoneypot(form);
  const db = getDb();
  const raw = formRecord(form);
  const errors: FieldErrors = {};
  const email = emailSchema.safeParse(typeof raw.email === "string" ? raw.email : "");
  if (!email.success) errors.email = email.error.issues[0]?.message;
  const comuneText = typeof raw.comune === "string" ? raw.comune.trim().slice(0, 100) : "";
  const resolved = comuneText ? resolveComuniInput(db, comuneText) : { istat: [], unknown: [] };
  if (resolved.istat.length !== 1 || resolved.unknown.length > 0) errors.comune = "Indica un comune lombardo: il nome esatto o il codice ISTAT di sei cifre.";
  const parsed = parseSettings(raw);
  if ("errors" in parsed) Object.assign(errors, parsed.errors);
  if (!email.success || "errors" in parsed || Object.keys(errors).length > 0) {
    return data({ ok: undefined, error: "Controlla i campi segnalati.", fieldErrors: errors }, { status: 400 });
  }
  // The same answer when the address is new, already subscribed, or over the limit.
  requestGuest(db, { email: email.data, istat: resolved.istat[0]!, settings: parsed.settings }, clientIp(context));
  return { ok: GENERIC_ANSWER, error: undefined, fieldErrors: undefined };
}

export default function GuestSubscribe() {
  const { honeypot, comune, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fieldErrors: FieldErrors = actionData?.fieldErrors ?? {};
  return (
    <div className="row">
      <div className="col-12 col-lg-9">
        <h1>Ricevi gli avvisi per e-mail</h1>
        <p>
          Gli uffici di un comune possono ricevere gli avvisi del Cruscotto anche senza account: nuovi bandi adatti al comune e
          promemoria delle scadenze. Ti invieremo un messaggio per confermare l'indirizzo; senza conferma non riceverai nulla.
          Ogni avviso contiene il collegamento per smettere di riceverli con un clic.
        </p>
        <p>
          Usiamo l'indirizzo solo per inviare gli avvisi richiesti e lo cancelliamo 30 giorni dopo la disiscrizione (subito
          dopo la scadenza del collegamento, se l'iscrizione non viene confermata). Chi ha un account del Cruscotto può gestire
          gli avvisi da{" "}
          <a href="/account/avvisi">I miei avvisi</a>.
        </p>
        <FormMessage ok={actionData?.ok} error={actionData?.error} />
        {actionData?.ok ? null : (
          <Form method="post" className="cd-form" noValidate>
            <ErrorSummary errors={fieldErrors} fieldIds={SUBSCRIPTION_FIELD_IDS} />
            <HoneypotInputs {...honeypot} />
            <TextField
              id={SUBSCRIPTION_FIELD_IDS.email!}
              name="email"
              label="Indirizzo e-mail dell'ufficio"
              error={fieldErrors.email}
              required
              maxLength={254}
              autoComplete="email"
            />
            <TextField
              id={SUBSCRIPTION_FIELD_IDS.comune!}
              name="comune"
              label="Comune (nome o codice ISTAT)"
              defaultValue={comune}
              error={fieldErrors.comune}
              hint="Ad esempio Bergamo oppure 016024."
              required
              maxLength={100}
            />
            <SubscriptionFields values={defaults} errors={fieldErrors} changeAlerts={false} />
            <FormActions>
              <button type="submit" className="btn btn-primary">
                Chiedi l'iscrizione
              </button>
            </FormActions>
          </Form>
        )}
      </div>
    </div>
  );
}
