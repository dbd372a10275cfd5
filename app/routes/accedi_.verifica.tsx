import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { verifySecondFactor } from "~/auth/accounts.server";
import { clientIp } from "~/auth/forms.server";
import { safeRedirect } from "~/auth/guards.server";
import { clearPendingLogin, createSession, destroySession, readPendingLogin } from "~/auth/session.server";
import { Field, FormMessage } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Verifica in due passaggi — Cruscotto digitale" }];

export { retryAfterHeaders as headers } from "~/utils/headers";

/** Only after a right password (the signed pending-login cookie); otherwise back to the login. */
export async function loader({ request }: LoaderFunctionArgs) {
  const pending = await readPendingLogin(request);
  if (!pending) throw redirect("/accedi");
  return null;
}

const schema = z.object({ code: z.string().trim().max(12) });

export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await readPendingLogin(request);
  if (!pending) throw redirect("/accedi");
  const db = getDb();
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  const code = parsed.success ? parsed.data.code : "";
  const outcome = verifySecondFactor(db, pending.userId, code, clientIp(context));
  if (outcome.kind === "limited") {
    return data(
      { error: `Troppi tentativi non riusciti. Riprova tra ${outcome.retryAfter} secondi.` },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfter) } },
    );
  }
  if (outcome.kind === "failed") return data({ error: "Codice non corretto o già usato." }, { status: 400 });
  await destroySession(db, request);
  const headers = new Headers();
  headers.append("Set-Cookie", await createSession(db, outcome.user.id));
  headers.append("Set-Cookie", await clearPendingLogin());
  throw redirect(safeRedirect(pending.redirectTo), { headers });
}

export default function SecondFactor() {
  const actionData = useActionData<typeof action>();
  return (
    <div className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>Verifica in due passaggi</h1>
        <p>Inserisci il codice di 6 cifre che mostra in questo momento l'app di autenticazione del tuo telefono.</p>
        <FormMessage error={actionData?.error} />
        <Form method="post" className="cd-filters">
          <Field id="code" label="Codice di verifica" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" required maxLength={7} />
          <button type="submit" className="btn btn-primary">
            Verifica e accedi
          </button>
        </Form>
        <p className="mt-4 cd-muted">
          Hai perso il telefono? Chiedi all'amministrazione del Cruscotto presso ANCI Lombardia di disattivare la
          verifica in due passaggi per il tuo account.
        </p>
      </div>
    </div>
  );
}
