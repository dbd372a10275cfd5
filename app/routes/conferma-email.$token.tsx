import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { confirmEmailChange, findValidToken } from "~/auth/accounts.server";
import { accountFailure, clientIp } from "~/auth/forms.server";
import { FormMessage } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Conferma l'indirizzo e-mail — Cruscotto digitale" }];
export { secretUrlHeaders as headers } from "~/utils/headers";

/** An e-mailed link opens this page; only its POST changes the address (SECURITY.md 7). */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = findValidToken(getDb(), params.token ?? "", "conferma-email");
  return { newEmail: found?.token.payload ?? null };
}

export async function action({ params, context }: ActionFunctionArgs) {
  try {
    confirmEmailChange(getDb(), params.token ?? "", clientIp(context));
  } catch (error) {
    return accountFailure(error);
  }
  throw redirect("/account?esito=email-modificata");
}

export default function ConfirmEmail() {
  const { newEmail } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>Conferma il nuovo indirizzo e-mail</h1>
        <FormMessage error={actionData?.error} />
        {newEmail ? (
          <Form method="post">
            <p>
              Il tuo account userà l'indirizzo <strong>{newEmail}</strong>.
            </p>
            <button type="submit" className="btn btn-primary">
              Conferma il nuovo indirizzo
            </button>
          </Form>
        ) : (
          <FormMessage error="Il collegamento non è valido, è già stato usato o è scaduto." />
        )}
      </div>
    </div>
  );
}
