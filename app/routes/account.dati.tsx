import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { deleteOwnAccount } from "~/auth/accounts.server";
import { clientIp, currentPasswordField, ownAccountAction } from "~/auth/forms.server";
import { requireUser } from "~/auth/guards.server";
import { sessionCookie } from "~/auth/session.server";
import { CurrentPasswordField, Field, FormMessage } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "I miei dati — Cruscotto digitale" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

const schema = z.object({
  conferma: z.literal("ELIMINA", { errorMap: () => ({ message: "Scrivi ELIMINA in maiuscolo per confermare." }) }),
  currentPassword: currentPasswordField,
});

/** Deletes the account: confirmation word and current password (SECURITY.md 26). */
export async function action({ request, context }: ActionFunctionArgs) {
  return ownAccountAction(request, schema, async (user, { currentPassword }) => {
    await deleteOwnAccount(getDb(), user, currentPassword, clientIp(context));
    throw redirect("/?esito=account-eliminato", { headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) } });
  });
}

export default function MyData() {
  const actionData = useActionData<typeof action>();
  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <h1>I miei dati</h1>
        <p>
          Il Cruscotto conserva solo i dati necessari al servizio: indirizzo e-mail, nome, ruolo, comuni seguiti, le
          sessioni aperte, il registro degli accessi e delle operazioni di sicurezza e le e-mail che ti abbiamo inviato.
          Le sessioni scadono dopo 12 ore e sono cancellate subito dopo; il registro di sicurezza è conservato per 12
          mesi.
        </p>

        <section aria-labelledby="titolo-scarica" className="mb-5">
          <h2 id="titolo-scarica">Scarica i tuoi dati</h2>
          <p>Un file JSON con tutto ciò che il Cruscotto conserva su di te (senza password né codici segreti).</p>
          <a className="btn btn-primary" href="/account/dati.json" download>
            Scarica i miei dati (JSON)
          </a>
        </section>

        <section aria-labelledby="titolo-elimina" className="mb-5">
          <h2 id="titolo-elimina">Elimina l'account</h2>
          <p>
            L'eliminazione è definitiva: l'account, i comuni assegnati e le sessioni vengono cancellati subito. Nel
            registro di sicurezza resta solo il numero dell'account, fino alla scadenza dei 12 mesi.
          </p>
          <FormMessage error={actionData?.error} />
          <Form method="post" className="cd-filters">
            <Field id="conferma" label="Per confermare scrivi ELIMINA" required autoComplete="off" error={actionData?.fieldErrors?.conferma} />
            <CurrentPasswordField error={actionData?.fieldErrors?.currentPassword} />
            <button type="submit" className="btn btn-danger">
              Elimina definitivamente il mio account
            </button>
          </Form>
        </section>
        <p>
          <Link to="/account">Torna al mio account</Link>
        </p>
      </div>
    </div>
  );
}
