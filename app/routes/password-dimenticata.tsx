import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { requestPasswordReset } from "~/auth/accounts.server";
import { clientIp } from "~/auth/forms.server";
import { Field, FormMessage } from "~/components/forms";
import { HoneypotInputs } from "~/components/honeypot";
import { checkHoneypot, honeypotFields } from "~/utils/honeypot.server";

export const meta: MetaFunction = () => [{ title: "Password dimenticata — Cruscotto digitale" }];

/** Public form: honeypot, rate limit, and one answer whether or not the address exists. */
export async function loader() {
  return { honeypot: honeypotFields() };
}

const schema = z.object({ email: z.string().trim().email("Indirizzo e-mail non valido").max(254) });

export const GENERIC_ANSWER =
  "Se l'indirizzo corrisponde a un account attivo, riceverai a breve un messaggio con il collegamento per scegliere una nuova password. Il collegamento vale un'ora.";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  checkHoneypot(form);
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message, ok: undefined }, { status: 400 });
  // The same answer for known and unknown addresses, and when the limit is reached.
  requestPasswordReset(getDb(), parsed.data.email, clientIp(context));
  return { ok: GENERIC_ANSWER, error: undefined };
}

export default function ForgotPassword() {
  const { honeypot } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>Password dimenticata</h1>
        <p>Indica l'indirizzo e-mail del tuo account: ti invieremo un collegamento per scegliere una nuova password.</p>
        <FormMessage error={actionData?.error} ok={actionData?.ok} />
        <Form method="post" className="cd-filters">
          <HoneypotInputs {...honeypot} />
          <Field id="email" label="Indirizzo e-mail" type="email" autoComplete="email" required maxLength={254} />
          <button type="submit" className="btn btn-primary">
            Invia il collegamento
          </button>
        </Form>
        <p className="mt-4">
          <Link to="/accedi">Torna alla pagina di accesso</Link>
        </p>
      </div>
    </div>
  );
}
