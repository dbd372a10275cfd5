import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { comuniFromForm, roleFields } from "~/admin/forms.server";
import { inviteUser } from "~/auth/accounts.server";
import { accountFailure, clientIp, invalid, parseForm } from "~/auth/forms.server";
import { requireRole } from "~/auth/guards.server";
import { AdminNav } from "~/components/admin";
import { Field, FormMessage } from "~/components/forms";
import { RoleFields } from "~/components/role-fields";
import { userRef } from "~/data/security-log.server";

export const meta: MetaFunction = () => [{ title: "Invita un utente — Amministrazione — Cruscotto digitale" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return null;
}

const schema = z.object({
  email: z.string().trim().email("Indirizzo e-mail non valido").max(254),
  name: z.string().trim().max(120).optional(),
  ...roleFields,
});

/** Creates the account and queues the invitation e-mail with a single-use, 7-day link. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, ["admin"]);
  const parsed = parseForm(await request.formData(), schema);
  if ("errors" in parsed) return invalid(parsed.errors);
  const db = getDb();
  const comuni = comuniFromForm(db, parsed.data.comuni);
  if ("error" in comuni) return invalid({ comuni: comuni.error });
  try {
    const { user: invited } = inviteUser(
      db,
      { email: parsed.data.email, name: parsed.data.name || null, role: parsed.data.role, comuni: comuni.istat, sendEmail: true },
      { ref: userRef(user.id), ip: clientIp(context) },
    );
    throw redirect(`/amministrazione/utenti/${invited.id}?esito=invitato`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return accountFailure(error);
  }
}

export default function InviteUser() {
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Invita un utente</h1>
      <AdminNav />
      <div className="row">
        <div className="col-12 col-lg-8">
          <p>
            La persona riceve un'e-mail con un collegamento personale, valido 7 giorni e una sola volta, da cui sceglie la
            propria password.
          </p>
          <FormMessage error={actionData?.error} />
          <Form method="post" className="cd-filters">
            <Field id="email" type="email" label="Indirizzo e-mail" required maxLength={254} autoComplete="off" error={actionData?.fieldErrors?.email} />
            <Field id="name" label="Nome e cognome (facoltativo)" maxLength={120} autoComplete="off" error={actionData?.fieldErrors?.name} />
            <RoleFields errors={actionData?.fieldErrors} />
            <button type="submit" className="btn btn-primary">
              Invia l'invito
            </button>
          </Form>
          <p className="mt-4">
            <Link to="/amministrazione/utenti">Torna all'elenco degli utenti</Link>
          </p>
        </div>
      </div>
    </>
  );
}
