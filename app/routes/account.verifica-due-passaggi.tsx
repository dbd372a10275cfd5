import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { disableOwnTotp, enableTotp } from "~/auth/accounts.server";
import { accountFailure, clientIp, currentPasswordField, invalid, parseForm } from "~/auth/forms.server";
import { requireRole } from "~/auth/guards.server";
import { TOTP_ROLES } from "~/auth/permissions";
import { formatSecret, generateTotpSecret, otpauthUri, qrCodeDataUri } from "~/auth/totp.server";
import { AccountPage } from "~/components/account-page";
import { CurrentPasswordField, Field, FormMessage } from "~/components/forms";
import { formatDateTime } from "~/domain/format";

export const meta: MetaFunction = () => [{ title: "Verifica in due passaggi — Cruscotto digitale" }];

/**
 * TOTP enrolment (RFC 6238) for staff: a new secret is shown as a QR code and as text; it is
 * saved only when the person types a valid code from their app. Turning it off asks the password.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, TOTP_ROLES);
  if (user.totpEnabledAt) return { enabledAt: user.totpEnabledAt, enrolment: null };
  const secret = generateTotpSecret();
  const uri = otpauthUri(secret, user.email);
  return { enabledAt: null, enrolment: { secret, grouped: formatSecret(secret), qr: await qrCodeDataUri(uri) } };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("attiva"), secret: z.string().max(64), code: z.string().trim().max(12) }),
  z.object({ intent: z.literal("disattiva"), currentPassword: currentPasswordField }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, TOTP_ROLES);
  const parsed = parseForm(await request.formData(), schema);
  if ("errors" in parsed) return invalid(parsed.errors);
  const db = getDb();
  try {
    if (parsed.data.intent === "attiva") {
      enableTotp(db, user, { secret: parsed.data.secret, code: parsed.data.code }, clientIp(context));
      throw redirect("/account?esito=totp-attivato");
    }
    await disableOwnTotp(db, user, parsed.data.currentPassword, clientIp(context));
    throw redirect("/account?esito=totp-disattivato");
  } catch (error) {
    if (error instanceof Response) throw error;
    return accountFailure(error);
  }
}

export default function TwoFactor() {
  const { enabledAt, enrolment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <AccountPage title="Verifica in due passaggi" col="col-12 col-lg-8">
      <FormMessage error={actionData?.error} />
      {enabledAt ? (
        <>
          <p>La verifica in due passaggi è attiva dal {formatDateTime(enabledAt)}: a ogni accesso, dopo la password, ti chiediamo il codice dell'app.</p>
          <h2 className="h4">Disattiva</h2>
          <Form method="post" className="cd-filters">
            <input type="hidden" name="intent" value="disattiva" />
            <CurrentPasswordField error={actionData?.fieldErrors?.currentPassword} />
            <button type="submit" className="btn btn-outline-primary">
              Disattiva la verifica in due passaggi
            </button>
          </Form>
        </>
      ) : enrolment ? (
        <>
          <p>
            Con la verifica in due passaggi, oltre alla password serve un codice di 6 cifre generato da un'app sul tuo
            telefono (per esempio FreeOTP, Aegis, Google o Microsoft Authenticator).
          </p>
          <ol>
            <li>Apri l'app e aggiungi un account inquadrando il codice QR, oppure inserendo a mano la chiave.</li>
            <li>Scrivi qui sotto il codice che l'app mostra e conferma.</li>
          </ol>
          <div className="d-flex flex-wrap gap-4 align-items-center mb-4">
            <img src={enrolment.qr} alt="Codice QR da inquadrare con l'app di autenticazione" className="cd-qr" />
            <div>
              <p className="mb-1">Chiave da inserire a mano:</p>
              <p className="cd-secret" aria-label={`Chiave: ${enrolment.secret.split("").join(" ")}`}>
                {enrolment.grouped}
              </p>
              <p className="cd-muted small mb-0">Tipo: basato sul tempo (TOTP), 6 cifre, 30 secondi.</p>
            </div>
          </div>
          <Form method="post" className="cd-filters">
            <input type="hidden" name="intent" value="attiva" />
            <input type="hidden" name="secret" value={enrolment.secret} />
            <Field id="code" label="Codice mostrato dall'app" inputMode="numeric" autoComplete="one-time-code" required maxLength={7} error={actionData?.fieldErrors?.code} />
            <button type="submit" className="btn btn-primary">
              Attiva la verifica in due passaggi
            </button>
          </Form>
          <p className="mt-4 cd-muted">
            Se perdi il telefono, l'amministrazione del Cruscotto presso ANCI Lombardia può disattivare la verifica per
            il tuo account dopo averti identificato.
          </p>
        </>
      ) : null}
    </AccountPage>
  );
}
