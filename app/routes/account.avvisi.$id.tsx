import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { changeUserSubscription, formRecord, parseSettings } from "~/alerts/subscriptions.server";
import { requireUser } from "~/auth/guards.server";
import { canManageComune } from "~/auth/permissions";
import { SUBSCRIPTION_FIELD_IDS, SubscriptionFields } from "~/components/alerts/subscription-form";
import { FormMessage } from "~/components/forms";
import { ErrorSummary, FormActions, type FieldErrors } from "~/components/profile/form-fields";
import { settingsOf, subscriptionOfUser } from "~/data/alerts.server";

export const meta: MetaFunction = () => [{ title: "Modifica l'avviso — Cruscotto digitale" }];

function parseId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Avviso inesistente", { status: 404 });
  return id;
}

/** One of the user's subscriptions: only its owner finds it (the query filters by user). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, comuni } = await requireUser(request);
  const subscription = subscriptionOfUser(getDb(), user.id, parseId(params.id));
  if (!subscription) throw new Response("Avviso inesistente", { status: 404 });
  return {
    id: subscription.id,
    comune: subscription.comune,
    settings: settingsOf(subscription),
    changeAlerts: canManageComune({ role: user.role, comuni }, subscription.istat),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, comuni } = await requireUser(request);
  const db = getDb();
  const subscription = subscriptionOfUser(db, user.id, parseId(params.id));
  if (!subscription) throw new Response("Avviso inesistente", { status: 404 });
  const parsed = parseSettings(formRecord(await request.formData()));
  if ("errors" in parsed) return data({ error: "Controlla i campi segnalati.", fieldErrors: parsed.errors }, { status: 400 });
  const settings = { ...parsed.settings, changeAlerts: parsed.settings.changeAlerts && canManageComune({ role: user.role, comuni }, subscription.istat) };
  changeUserSubscription(db, user.id, subscription.id, settings);
  throw redirect("/account/avvisi");
}

export default function EditAlert() {
  const { comune, settings, changeAlerts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fieldErrors: FieldErrors = actionData?.fieldErrors ?? {};
  return (
    <>
      <h1>Avvisi per {comune}</h1>
      <FormMessage error={actionData?.error} />
      <Form method="post" className="cd-form" noValidate>
        <ErrorSummary errors={fieldErrors} fieldIds={SUBSCRIPTION_FIELD_IDS} />
        <SubscriptionFields values={settings} errors={fieldErrors} changeAlerts={changeAlerts} />
        <FormActions>
          <button type="submit" className="btn btn-primary">
            Salva le preferenze
          </button>
          <Link to="/account/avvisi" className="btn btn-outline-primary">
            Annulla
          </Link>
        </FormActions>
      </Form>
    </>
  );
}
