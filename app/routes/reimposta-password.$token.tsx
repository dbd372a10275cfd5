import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { findValidToken, resetPassword } from "~/auth/accounts.server";
import { accountFailure, clientIp, invalid, newPasswordSchema, parseForm } from "~/auth/forms.server";
import { Field, FormMessage, PASSWORD_HINT } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Nuova password — Cruscotto digitale" }];
export { secretUrlHeaders as headers } from "~/utils/headers";

/** GET only shows the form (no GET changes data, SECURITY.md 7); the POST uses the token. */
export async function loader({ params }: LoaderFunctionArgs) {
  const valid = findValidToken(getDb(), params.token ?? "", "reimposta-password");
  return { valid: valid !== undefined };
}


export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), newPasswordSchema);
  if ("errors" in parsed) return invalid(parsed.errors);
  try {
    await resetPassword(getDb(), params.token ?? "", parsed.data.password, clientIp(context));
  } catch (error) {
    return accountFailure(error);
  }
  throw redirect("/accedi?esito=password-impostata");
}

export default function ResetPassword() {
  const { valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>Scegli una nuova password</h1>
        {valid ? (
          <>
            <FormMessage error={actionData?.error} />
            <Form method="post" className="cd-filters">
              <Field id="password" type="password" label="Nuova password" autoComplete="new-password" required minLength={8} hint={PASSWORD_HINT} error={actionData?.fieldErrors?.password} />
              <Field id="confirm" type="password" label="Ripeti la nuova password" autoComplete="new-password" required error={actionData?.fieldErrors?.confirm} />
              <button type="submit" className="btn btn-primary">
                Salva la password
              </button>
            </Form>
          </>
        ) : (
          <>
            <FormMessage error="Il collegamento non è valido, è già stato usato o è scaduto." />
            <p>
              <Link to="/password-dimenticata">Chiedi un nuovo collegamento</Link>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
