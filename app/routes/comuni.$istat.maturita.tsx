import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireComuneAccess } from "~/auth/guards.server";
import { ProfileBreadcrumb } from "~/components/breadcrumb";
import { ErrorSummary } from "~/components/profile/form-fields";
import { SetterNote } from "~/components/profile/maturity-section";
import { listMaturity, setMaturity } from "~/data/maturity.server";
import { comuneOr404 } from "~/data/profiles.server";
import { maturityFormValuesOf, parseMaturityForm, readMaturityForm } from "~/domain/maturity-form";
import {
  MATURITY_KEYS,
  MATURITY_LABELS,
  MATURITY_STATE_LABELS,
  MATURITY_STATES,
} from "~/domain/profile";
import { romeDateKey } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Maturità digitale — ${data?.comune.name ?? "Comune"} — Cruscotto digitale` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireComuneAccess(request, params.istat ?? "");
  const db = getDb();
  const comune = comuneOr404(db, params.istat ?? "");
  return { comune: { istat: comune.istat, name: comune.name }, entries: listMaturity(db, comune.istat), today: romeDateKey(new Date()) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const current = await requireComuneAccess(request, params.istat ?? "");
  const db = getDb();
  const comune = comuneOr404(db, params.istat ?? "");
  const values = readMaturityForm(await request.formData());
  const parsed = parseMaturityForm(values, romeDateKey(new Date()));
  if (!parsed.ok) return { values, errors: parsed.errors };
  setMaturity(db, comune.istat, parsed.rows, { role: current.user.role, userId: current.user.id });
  throw redirect(`/comuni/${comune.istat}#maturita`);
}

const FIELD_IDS = Object.fromEntries(MATURITY_KEYS.map((k) => [k, `stato-${k}`]));

export default function MaturityEditor() {
  const { comune, entries, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = actionData?.values ?? maturityFormValuesOf(entries);
  const errors = actionData?.errors ?? {};
  const byKey = new Map(entries.map((e) => [e.key, e]));
  return (
    <>
      <ProfileBreadcrumb comune={comune} current="Maturità digitale" />
      <h1>Maturità digitale</h1>
      <p>
        Comune di <Link to={`/comuni/${comune.istat}`}>{comune.name}</Link>. Per ogni voce indica lo stato e, se la conosci, la
        data in cui è stato raggiunto (senza data vale quella di oggi). Le voci dedotte dai finanziamenti PA digitale 2026
        restano tali finché non le modifichi; una voce riportata a «Non indicato» torna allo stato dedotto, se c'è.
      </p>
      <Form method="post" className="cd-form" noValidate>
        <ErrorSummary errors={errors} fieldIds={FIELD_IDS} />
        <div className="table-responsive">
          <table className="table align-middle">
            <caption className="visually-hidden">Checklist di maturità digitale: stato e data per ogni voce</caption>
            <thead>
              <tr>
                <th scope="col">Voce</th>
                <th scope="col">Stato</th>
                <th scope="col">Data</th>
                <th scope="col">Indicato ora da</th>
              </tr>
            </thead>
            <tbody>
              {MATURITY_KEYS.map((key) => {
                const entry = byKey.get(key);
                const error = errors[key];
                return (
                  <tr key={key}>
                    <th scope="row">
                      {MATURITY_LABELS[key]}
                      {error ? (
                        <span id={`errore-${key}`} className="cd-field-error d-block fw-normal">
                          {error}
                        </span>
                      ) : null}
                    </th>
                    <td>
                      <label htmlFor={`stato-${key}`} className="visually-hidden">
                        Stato: {MATURITY_LABELS[key]}
                      </label>
                      <select
                        id={`stato-${key}`}
                        name={`stato-${key}`}
                        className={`form-select${error ? " is-invalid" : ""}`}
                        defaultValue={values[key].state}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? `errore-${key}` : undefined}
                      >
                        <option value="">Non indicato</option>
                        {MATURITY_STATES.map((s) => (
                          <option key={s} value={s}>
                            {MATURITY_STATE_LABELS[s]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <label htmlFor={`data-${key}`} className="visually-hidden">
                        Data: {MATURITY_LABELS[key]}
                      </label>
                      <input
                        id={`data-${key}`}
                        name={`data-${key}`}
                        type="date"
                        max={today}
                        className="form-control"
                        defaultValue={values[key].date}
                      />
                    </td>
                    <td className="small">{entry ? <SetterNote entry={entry} long /> : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Salvataggio in corso…" : "Salva la checklist"}
        </button>
      </Form>
    </>
  );
}
