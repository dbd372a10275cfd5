import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { attemptLogin } from "~/auth/accounts.server";
import { clientIp } from "~/auth/forms.server";
import { getOptionalUser, safeRedirect } from "~/auth/guards.server";
import { createPendingLogin, createSession, destroySession } from "~/auth/session.server";
import { FormMessage } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Accedi — Cruscotto digitale" }];

const loginSchema = z.object({
  email: z.string().trim().email("Indirizzo e-mail non valido").max(254),
  password: z.string().min(1, "Inserisci la password").max(1024),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const current = await getOptionalUser(request);
  if (current) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export { retryAfterHeaders as headers } from "~/utils/headers";

const GENERIC_ERROR = "E-mail o password non corretti, oppure account disattivato.";

export async function action({ request, context }: ActionFunctionArgs) {
  const db = getDb();
  const form = await request.formData();
  const parsed = loginSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return data({ error: parsed.error.issues[0]?.message ?? GENERIC_ERROR }, { status: 400 });
  }
  const { email, password } = parsed.data;
  const redirectTo = safeRedirect(parsed.data.redirectTo);
  const outcome = await attemptLogin(db, { email, password, ip: clientIp(context) });
  switch (outcome.kind) {
    case "limited":
      return data(
        { error: `Troppi tentativi di accesso non riusciti. Riprova tra ${outcome.retryAfter} secondi.` },
        { status: 429, headers: { "Retry-After": String(outcome.retryAfter) } },
      );
    case "failed":
      return data({ error: GENERIC_ERROR }, { status: 200 });
    case "second-factor":
      throw redirect("/accedi/verifica", {
        headers: { "Set-Cookie": await createPendingLogin({ userId: outcome.user.id, redirectTo }) },
      });
    case "ok":
      // A session the browser already carried ends: the login always gets a fresh id (no fixation).
      await destroySession(db, request);
      throw redirect(redirectTo, { headers: { "Set-Cookie": await createSession(db, outcome.user.id) } });
  }
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <div className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>Accedi</h1>
        <p>Accesso riservato ai responsabili per la transizione digitale dei comuni e alla redazione di ANCI Lombardia.</p>
        {searchParams.get("esito") === "password-impostata" ? (
          <FormMessage ok="Password impostata: ora puoi accedere." />
        ) : null}
        <FormMessage error={actionData?.error} id="errore-accesso" />
        <Form method="post" className="cd-filters" aria-describedby={actionData?.error ? "errore-accesso" : undefined}>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
          <div className="form-group">
            <label htmlFor="email">Indirizzo e-mail</label>
            <input id="email" name="email" type="email" className="form-control" autoComplete="username" required />
          </div>
          <div className="form-group">
            <label htmlFor="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              className="form-control"
              autoComplete="current-password"
              required
            />
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? "Accesso in corso…" : "Accedi"}
          </button>
        </Form>
        <p className="mt-4">
          <Link to="/password-dimenticata">Password dimenticata?</Link>
        </p>
      </div>
    </div>
  );
}
