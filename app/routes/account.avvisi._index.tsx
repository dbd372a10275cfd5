import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { formRecord, manageUserSubscription, parseSettings, subscribeUser } from "~/alerts/subscriptions.server";
import { setConsent } from "~/auth/accounts.server";
import { clientIp, parseForm } from "~/auth/forms.server";
import { requireUser } from "~/auth/guards.server";
import { canManageComune } from "~/auth/permissions";
import { SUBSCRIPTION_FIELD_IDS, SubscriptionFields } from "~/components/alerts/subscription-form";
import { FormMessage } from "~/components/forms";
import { ErrorSummary, FormActions, TextField, type FieldErrors } from "~/components/profile/form-fields";
import { subscriptionsOfUser } from "~/data/alerts.server";
import { namedComuniOfUser, resolveComuniInput } from "~/data/users.server";
import { ALERT_FREQUENCY_LABELS, defaultSettings, formatReminderDays, SUBSCRIPTION_STATUS_LABELS } from "~/domain/alerts/settings";
import { themeLabel } from "~/domain/taxonomy";

export const meta: MetaFunction = () => [{ title: "I miei avvisi — Cruscotto digitale" }];

/** A user's alert subscriptions (issue 7, point 1): off until the person turns them on. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, comuni } = await requireUser(request);
  const db = getDb();
  const url = new URL(request.url);
  return {
    subscriptions: subscriptionsOfUser(db, user.id).map((s) => ({
      id: s.id,
      istat: s.istat,
      comune: s.comune,
      status: s.status,
      frequency: ALERT_FREQUENCY_LABELS[s.frequency],
      minScore: s.minScore,
      themes: s.themes.map(themeLabel),
      reminderDays: formatReminderDays(s.reminderDays),
      changeAlerts: s.changeAlerts && canManageComune({ role: user.role, comuni }, s.istat),
    })),
    emailConsent: user.notificationsConsent,
    myComuni: comuni.length > 0 ? namedComuniOfUser(db, user.id) : [],
    suggested: url.searchParams.get("comune")?.slice(0, 100) ?? "",
    canSeeTracking: user.role !== "lettore",
    defaults: defaultSettings(),
  };
}

const idSchema = z.object({ id: z.coerce.number().int().positive() });

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, comuni } = await requireUser(request);
  const db = getDb();
  const form = await request.formData();
  const intent = form.get("intent");
  const now = new Date();

  if (intent === "email") {
    const parsed = parseForm(form, z.object({ consenso: z.enum(["si", "no"]) }));
    if ("errors" in parsed) return data({ error: "Richiesta non valida." }, { status: 400 });
    setConsent(db, user, parsed.data.consenso === "si", clientIp(context), now);
    return { ok: parsed.data.consenso === "si" ? "Avvisi via e-mail attivati." : "Avvisi via e-mail disattivati: li vedrai solo nelle notifiche del Cruscotto." };
  }

  if (intent === "crea") {
    const raw = formRecord(form);
    const errors: FieldErrors = {};
    const comuneText = typeof raw.comune === "string" ? raw.comune.trim().slice(0, 100) : "";
    const resolved = comuneText ? resolveComuniInput(db, comuneText) : { istat: [], unknown: [] };
    if (resolved.istat.length !== 1 || resolved.unknown.length > 0) errors.comune = "Indica un comune lombardo: il nome esatto o il codice ISTAT di sei cifre.";
    const parsed = parseSettings(raw);
    if ("errors" in parsed) Object.assign(errors, parsed.errors);
    if (Object.keys(errors).length > 0 || "errors" in parsed) return data({ error: "Controlla i campi segnalati.", fieldErrors: errors }, { status: 400 });
    const istat = resolved.istat[0]!;
    const settings = { ...parsed.settings, changeAlerts: parsed.settings.changeAlerts && canManageComune({ role: user.role, comuni }, istat) };
    subscribeUser(db, user.id, istat, settings, now);
    return {
      ok: user.notificationsConsent
        ? "Avviso attivato: riceverai le novità via e-mail e nelle notifiche del Cruscotto."
        : "Avviso attivato: vedrai le novità nelle notifiche del Cruscotto. Per riceverle anche via e-mail attiva gli avvisi via e-mail qui sopra.",
    };
  }

  const parsed = parseForm(form, idSchema);
  if ("errors" in parsed) return data({ error: "Richiesta non valida." }, { status: 400 });
  const id = parsed.data.id;
  if (intent !== "disattiva" && intent !== "riattiva" && intent !== "elimina") return data({ error: "Richiesta non valida." }, { status: 400 });
  // Every change is scoped to the user in the query: another person's subscription is never found.
  if (!manageUserSubscription(db, user.id, id, intent, now)) throw new Response("Avviso inesistente", { status: 404 });
  return { ok: intent === "disattiva" ? "Avviso disattivato." : intent === "riattiva" ? "Avviso riattivato." : "Avviso eliminato." };
}

export default function MyAlerts() {
  const { subscriptions, emailConsent, myComuni, suggested, canSeeTracking, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const fieldErrors: FieldErrors = (actionData && "fieldErrors" in actionData ? actionData.fieldErrors : undefined) ?? {};
  return (
    <>
      <h1>I miei avvisi</h1>
      <p>
        Gli avvisi ti segnalano i nuovi bandi adatti ai comuni che segui, le scadenze in arrivo e le modifiche ai bandi che il
        comune sta seguendo. Sono disattivati finché non li attivi tu; puoi sospenderli o eliminarli in qualsiasi momento, e ogni
        e-mail contiene un collegamento per smettere di riceverli con un clic.
      </p>
      <FormMessage ok={actionData && "ok" in actionData ? actionData.ok : undefined} error={actionData && "error" in actionData ? actionData.error : undefined} />

      <section aria-labelledby="titolo-email" className="mb-5">
        <h2 id="titolo-email">Avvisi via e-mail</h2>
        <p>
          {emailConsent
            ? "Gli avvisi arrivano via e-mail e nelle notifiche del Cruscotto."
            : "Gli avvisi via e-mail sono disattivati: le novità compaiono solo nelle notifiche del Cruscotto."}
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="email" />
          <input type="hidden" name="consenso" value={emailConsent ? "no" : "si"} />
          <button type="submit" className={`btn ${emailConsent ? "btn-outline-primary" : "btn-primary"}`}>
            {emailConsent ? "Disattiva gli avvisi via e-mail" : "Attiva gli avvisi via e-mail"}
          </button>
        </Form>
      </section>

      <section aria-labelledby="titolo-elenco" className="mb-5">
        <h2 id="titolo-elenco">Comuni seguiti</h2>
        {subscriptions.length === 0 ? (
          <p>Non hai ancora attivato avvisi.</p>
        ) : (
          <div className="table-responsive">
            <table className="table">
              <caption className="visually-hidden">I tuoi avvisi per comune</caption>
              <thead>
                <tr>
                  <th scope="col">Comune</th>
                  <th scope="col">Stato</th>
                  <th scope="col">Frequenza</th>
                  <th scope="col">Punteggio minimo</th>
                  <th scope="col">Temi</th>
                  <th scope="col">Promemoria (giorni)</th>
                  <th scope="col">Modifiche</th>
                  <th scope="col">Azioni</th>
                </tr>
              </thead>
              <tbody>
                {subscriptions.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link to={`/comuni/${s.istat}`}>{s.comune}</Link>
                    </th>
                    <td>{SUBSCRIPTION_STATUS_LABELS[s.status]}</td>
                    <td>{s.frequency}</td>
                    <td>{s.minScore}</td>
                    <td>{s.themes.length ? s.themes.join(", ") : "Tutti"}</td>
                    <td>{s.reminderDays || "Nessuno"}</td>
                    <td>{s.changeAlerts ? "Sì" : "No"}</td>
                    <td>
                      <div className="cd-table-actions">
                        <Link to={`/account/avvisi/${s.id}`} className="btn btn-outline-primary btn-sm">
                          Modifica<span className="visually-hidden"> l'avviso per {s.comune}</span>
                        </Link>
                        <Form method="post">
                          <input type="hidden" name="id" value={s.id} />
                          <input type="hidden" name="intent" value={s.status === "attiva" ? "disattiva" : "riattiva"} />
                          <button type="submit" className="btn btn-outline-primary btn-sm">
                            {s.status === "attiva" ? "Sospendi" : "Riattiva"}
                            <span className="visually-hidden"> l'avviso per {s.comune}</span>
                          </button>
                        </Form>
                        <Form method="post">
                          <input type="hidden" name="id" value={s.id} />
                          <input type="hidden" name="intent" value="elimina" />
                          <button type="submit" className="btn btn-outline-danger btn-sm">
                            Elimina<span className="visually-hidden"> l'avviso per {s.comune}</span>
                          </button>
                        </Form>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="titolo-nuovo" className="mb-5">
        <h2 id="titolo-nuovo">Attiva gli avvisi per un comune</h2>
        <Form method="post" className="cd-form" noValidate>
          <ErrorSummary errors={fieldErrors} fieldIds={SUBSCRIPTION_FIELD_IDS} />
          <input type="hidden" name="intent" value="crea" />
          <TextField
            id={SUBSCRIPTION_FIELD_IDS.comune!}
            name="comune"
            label="Comune (nome o codice ISTAT)"
            defaultValue={suggested || (myComuni.length === 1 ? myComuni[0]!.istat : "")}
            error={fieldErrors.comune}
            hint={myComuni.length > 0 ? `I tuoi comuni: ${myComuni.map((c) => `${c.name} (${c.istat})`).join(", ")}.` : "Ad esempio Bergamo oppure 016024."}
            required
            maxLength={100}
          />
          <SubscriptionFields values={defaults} errors={fieldErrors} changeAlerts={canSeeTracking} />
          <FormActions>
            <button type="submit" className="btn btn-primary" disabled={navigation.state === "submitting"}>
              Attiva l'avviso
            </button>
          </FormActions>
        </Form>
      </section>
    </>
  );
}
