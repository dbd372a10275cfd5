import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { parseForm } from "~/auth/forms.server";
import { requireComuneAccess, safeRedirect } from "~/auth/guards.server";
import { Field, FormMessage } from "~/components/forms";
import { ProfileBreadcrumb } from "~/components/breadcrumb";
import { resolveCall } from "~/data/calls.server";
import { dismissCall, listDismissals, undoDismissal } from "~/data/dismissals.server";
import { comuneOr404 } from "~/data/profiles.server";
import { formatDateTime } from "~/domain/format";
import { DISMISSAL_REASONS, DISMISSAL_REASON_LABELS } from "~/domain/matching";
import { notifyMatchWorker } from "~/jobs/match-kick.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Bandi segnalati come non pertinenti — ${data?.comune.name ?? "Comune"} — Cruscotto digitale` },
];

/**
 * The comune's "non pertinente" dismissals (issue 5, feedback): the list with an undo button,
 * and the action the dashboard posts to (`intent=segnala` with `bando`, `motivo`, `nota`,
 * optional `redirectTo`; `intent=annulla` with `bando`). Each change re-matches the comune.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireComuneAccess(request, params.istat ?? "");
  const db = getDb();
  const comune = comuneOr404(db, params.istat ?? "");
  return { comune: { istat: comune.istat, name: comune.name }, items: listDismissals(db, comune.istat) };
}

const bandoField = z.string({ required_error: "Indica il bando." }).trim().min(1, "Indica il bando.").max(300, "Identificativo troppo lungo.");
const schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("segnala"),
    bando: bandoField,
    motivo: z.enum(DISMISSAL_REASONS, { errorMap: () => ({ message: "Scegli il motivo." }) }),
    nota: z.string().trim().max(500, "La nota può avere al massimo 500 caratteri.").optional(),
    redirectTo: z.string().optional(),
  }),
  z.object({ intent: z.literal("annulla"), bando: bandoField, redirectTo: z.string().optional() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const current = await requireComuneAccess(request, params.istat ?? "");
  const db = getDb();
  const comune = comuneOr404(db, params.istat ?? "");
  const parsed = parseForm(await request.formData(), schema);
  if ("errors" in parsed) return data({ error: "Controlla i campi segnalati.", fieldErrors: parsed.errors }, { status: 400 });
  const form = parsed.data;
  const call = resolveCall(db, form.bando);
  if (!call || call.reviewState !== "pubblicato") {
    return data({ error: "Bando non trovato tra quelli pubblicati.", fieldErrors: { bando: "Bando non trovato tra quelli pubblicati." } }, { status: 404 });
  }
  if (form.intent === "segnala") {
    dismissCall(db, { istat: comune.istat, callId: call.id, reason: form.motivo, note: form.nota || null, userId: current.user.id });
  } else if (!undoDismissal(db, comune.istat, call.id)) {
    return data({ error: "Il bando non era segnalato per questo comune.", fieldErrors: {} }, { status: 404 });
  }
  notifyMatchWorker();
  throw redirect(safeRedirect(form.redirectTo, `/comuni/${comune.istat}/segnalazioni`));
}

export default function Dismissals() {
  const { comune, items } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const fieldErrors: Record<string, string> = actionData?.fieldErrors ?? {};
  return (
    <>
      <ProfileBreadcrumb comune={comune} current="Bandi non pertinenti" />
      <h1>Bandi segnalati come non pertinenti</h1>
      <p>
        Comune di <Link to={`/comuni/${comune.istat}`}>{comune.name}</Link>. Un bando segnalato, e quelli simili, scendono nella
        classifica delle opportunità del comune; la segnalazione si può annullare. I punteggi si aggiornano entro pochi secondi.
      </p>
      <FormMessage error={actionData?.error} />
      {items.length === 0 ? (
        <p>Nessun bando segnalato.</p>
      ) : (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">Bandi segnalati come non pertinenti per il comune</caption>
            <thead>
              <tr>
                <th scope="col">Bando</th>
                <th scope="col">Motivo</th>
                <th scope="col">Nota</th>
                <th scope="col">Segnalato il</th>
                <th scope="col">Azioni</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.callId}>
                  <th scope="row">
                    {d.title}
                    <br />
                    <small>
                      {d.issuer} — <code>{d.publicId}</code>
                    </small>
                  </th>
                  <td>{DISMISSAL_REASON_LABELS[d.reason]}</td>
                  <td>{d.note ?? "—"}</td>
                  <td>{formatDateTime(d.dismissedAt)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="annulla" />
                      <input type="hidden" name="bando" value={d.publicId} />
                      <button type="submit" className="btn btn-outline-primary btn-sm" disabled={busy}>
                        Annulla<span className="visually-hidden"> la segnalazione di {d.title}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="h4 mt-4">Segnala un bando</h2>
      <Form method="post" className="cd-form" noValidate>
        <input type="hidden" name="intent" value="segnala" />
        <Field id="bando" name="bando" label="Identificativo del bando (es. demo:pnrr-145-comuni-2026)" required error={fieldErrors.bando} />
        <div className="form-group">
          <label htmlFor="motivo">Motivo</label>
          <select
            id="motivo"
            name="motivo"
            className={`form-select${fieldErrors.motivo ? " is-invalid" : ""}`}
            aria-invalid={fieldErrors.motivo ? true : undefined}
            aria-describedby={fieldErrors.motivo ? "motivo-errore" : undefined}
            defaultValue=""
            required
          >
            <option value="" disabled>
              Scegli il motivo
            </option>
            {DISMISSAL_REASONS.map((r) => (
              <option key={r} value={r}>
                {DISMISSAL_REASON_LABELS[r]}
              </option>
            ))}
          </select>
          {fieldErrors.motivo ? (
            <div id="motivo-errore" className="invalid-feedback d-block">
              {fieldErrors.motivo}
            </div>
          ) : null}
        </div>
        <Field id="nota" name="nota" label="Nota (facoltativa)" maxLength={500} error={fieldErrors.nota} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Segnala come non pertinente
        </button>
      </Form>
    </>
  );
}
