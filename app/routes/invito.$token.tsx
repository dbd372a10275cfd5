import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { acceptInvitation, findValidToken } from "~/auth/accounts.server";
import { accountFailure, clientIp, invalid, newPasswordSchema, parseForm } from "~/auth/forms.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { createSession } from "~/auth/session.server";
import { Field, FormMessage, PASSWORD_HINT } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Attiva l'account — Cruscotto digitale" }];
export { secretUrlHeaders as headers } from "~/utils/headers";

/** The invitation page: GET shows who is invited; the POST sets the password and uses the link. */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = findValidToken(getDb(), params.token ?? "", "invito");
  if (!found || found.user.disabledAt) return { invitation: null };
  return { invitation: { email: found.user.email, role: ROLE_LABELS[found.user.role] } };
}


export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), newPasswordSchema);
  if ("errors" in parsed) return invalid(parsed.errors);
  const db = getDb();
  try {
    const user = await acceptInvitation(db, params.token ?? "", parsed.data.password, clientIp(context));
    throw redirect("/account?esito=benvenuto", { headers: { "Set-Cookie": await createSession(db, user.id) } });
  } catch (error) {
    if (error instanceof Response) throw error;
    return accountFailure(error);
  }
}

export default function AcceptInvitation() {
  const { invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>Attiva il tuo account</h1>
        {invitation ? (
          <>
            <p>
              Sei stato invitato al Cruscotto digitale come <strong>{invitation.role}</strong> con l'indirizzo{" "}
              <strong>{invitation.email}</strong>. Scegli la password per attivare l'account.
            </p>
            <FormMessage error={actionData?.error} />
            <Form method="post" className="cd-filters">
              <input type="text" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
              <Field id="password" type="password" label="Password" autoComplete="new-password" required minLength={8} hint={PASSWORD_HINT} error={actionData?.fieldErrors?.password} />
              <Field id="confirm" type="password" label="Ripeti la password" autoComplete="new-password" required error={actionData?.fieldErrors?.confirm} />
              <button type="submit" className="btn btn-primary">
                Attiva l'account
              </button>
            </Form>
          </>
        ) : (
          <FormMessage error="Il collegamento non è valido, è già stato usato o è scaduto. Chiedi un nuovo invito all'amministrazione del Cruscotto." />
        )}
      </div>
    </div>
  );
}
