import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { getOptionalUser, safeRedirect } from "~/auth/guards.server";
import { verifyPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { logSecurityEvent } from "~/data/security-log.server";
import { findUserByEmail } from "~/data/users.server";

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

const GENERIC_ERROR = "E-mail o password non corretti, oppure account disattivato.";

export async function action({ request, context }: ActionFunctionArgs) {
  const db = getDb();
  const form = await request.formData();
  const parsed = loginSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return { error: parsed.error.issues[0]?.message ?? GENERIC_ERROR };
  }
  const { email, password } = parsed.data;
  const ip = context.clientIp ?? null;
  const user = findUserByEmail(db, email);
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !ok || user.disabledAt) {
    logSecurityEvent(db, { actor: email, action: "login-fallito", target: user ? `utente:${user.id}` : null, ip });
    return { error: GENERIC_ERROR };
  }
  const setCookie = await createSession(db, user.id);
  logSecurityEvent(db, { actor: `utente:${user.id}`, action: "login", target: null, ip });
  throw redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": setCookie } });
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
        {actionData?.error ? (
          <div className="alert alert-danger" role="alert" id="errore-accesso">
            {actionData.error}
          </div>
        ) : null}
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
      </div>
    </div>
  );
}
