import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { requestEmailChange } from "~/auth/accounts.server";
import { clientIp, currentPasswordField, ownAccountAction } from "~/auth/forms.server";
import { requireUser } from "~/auth/guards.server";
import { AccountPage } from "~/components/account-page";
import { CurrentPasswordField, Field, FormMessage } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Cambia l'indirizzo e-mail — Cruscotto digitale" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  return { email: user.email };
}

const schema = z.object({
  newEmail: z.string().trim().email("Indirizzo e-mail non valido").max(254),
  currentPassword: currentPasswordField,
});

/** Asks the current password; the new address must be confirmed from the link sent to it. */
export async function action({ request, context }: ActionFunctionArgs) {
  return ownAccountAction(request, schema, async (user, data) => {
    await requestEmailChange(getDb(), user, data, clientIp(context));
    return {
      ok: "Se il nuovo indirizzo è disponibile riceverai un messaggio per confermarlo; l'indirizzo cambierà solo dopo la conferma.",
      error: undefined,
      fieldErrors: undefined,
    };
  });
}

export default function ChangeEmail() {
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <AccountPage title="Cambia l'indirizzo e-mail" col="col-12 col-md-8 col-lg-6">
      <p>
        Indirizzo attuale: <strong>{email}</strong>. Invieremo un collegamento di conferma al nuovo indirizzo e un avviso a
        quello attuale.
      </p>
      <FormMessage error={actionData?.error} ok={actionData?.ok} />
      <Form method="post" className="cd-filters">
        <Field id="newEmail" type="email" label="Nuovo indirizzo e-mail" autoComplete="email" required maxLength={254} error={actionData?.fieldErrors?.newEmail} />
        <CurrentPasswordField error={actionData?.fieldErrors?.currentPassword} />
        <button type="submit" className="btn btn-primary">
          Invia il collegamento di conferma
        </button>
      </Form>
    </AccountPage>
  );
}
