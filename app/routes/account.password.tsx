import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { changePassword } from "~/auth/accounts.server";
import { clientIp, currentPasswordField, ownAccountAction } from "~/auth/forms.server";
import { requireUser } from "~/auth/guards.server";
import { PASSWORD_MAX } from "~/auth/password.server";
import { AccountPage } from "~/components/account-page";
import { CurrentPasswordField, Field, FormMessage, PASSWORD_HINT } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Cambia la password — Cruscotto digitale" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

const schema = z
  .object({
    currentPassword: currentPasswordField,
    newPassword: z.string().max(PASSWORD_MAX * 4),
    confirm: z.string().max(PASSWORD_MAX * 4),
  })
  .refine((v) => v.newPassword === v.confirm, { message: "Le due password non coincidono.", path: ["confirm"] });

/** Asks the current password; every session ends, this browser gets a new one (SECURITY.md 2–3). */
export async function action({ request, context }: ActionFunctionArgs) {
  return ownAccountAction(request, schema, async (user, { currentPassword, newPassword }) => {
    const setCookie = await changePassword(getDb(), user, { currentPassword, newPassword }, clientIp(context));
    throw redirect("/account?esito=password-modificata", { headers: { "Set-Cookie": setCookie } });
  });
}

export default function ChangePassword() {
  const actionData = useActionData<typeof action>();
  return (
    <AccountPage title="Cambia la password" col="col-12 col-md-8 col-lg-6">
      <p>Dopo il cambio, tutte le sessioni aperte vengono chiuse, anche su altri dispositivi: qui resti collegato con una nuova sessione.</p>
      <FormMessage error={actionData?.error} />
      <Form method="post" className="cd-filters">
        <CurrentPasswordField error={actionData?.fieldErrors?.currentPassword} />
        <Field id="newPassword" type="password" label="Nuova password" autoComplete="new-password" required minLength={8} hint={PASSWORD_HINT} error={actionData?.fieldErrors?.password ?? actionData?.fieldErrors?.newPassword} />
        <Field id="confirm" type="password" label="Ripeti la nuova password" autoComplete="new-password" required error={actionData?.fieldErrors?.confirm} />
        <button type="submit" className="btn btn-primary">
          Cambia la password
        </button>
      </Form>
    </AccountPage>
  );
}
