import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { clientIp } from "~/auth/forms.server";
import { requireRole } from "~/auth/guards.server";
import { AdminNav } from "~/components/admin";
import { Field, FormMessage } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { ErrorSummary } from "~/components/profile/form-fields";
import { lastCompletedFullRun, listMatchRuns, pendingRematchCounts } from "~/data/matches.server";
import { activeScoringConfig, saveScoringConfig, scoringConfigHistory } from "~/data/scoring-config.server";
import { logSecurityEvent, userRef } from "~/data/security-log.server";
import { formatDateTime, formatInteger } from "~/domain/format";
import { COMPONENT_KEYS, COMPONENT_LABELS, ENGINE_VERSION } from "~/domain/matching";
import { CONFIG_FIELDS, CONFIG_GROUPS, WEIGHTS_ERROR_KEY, configFormValues, fieldId, parseScoringConfigForm } from "~/domain/matching/config-form";
import { notifyMatchWorker } from "~/jobs/match-kick.server";

export const meta: MetaFunction = () => [{ title: "Punteggio degli abbinamenti — Amministrazione — Cruscotto digitale" }];

const PER_PAGE = 20;
const query = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

/** The scoring configuration for admins: the active weights, the form, the history, the runs. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const db = getDb();
  const { page } = query.parse({ page: new URL(request.url).searchParams.get("page") ?? 1 });
  const active = activeScoringConfig(db);
  const lastFull = lastCompletedFullRun(db);
  return {
    active: { revision: active.revision, fingerprint: active.fingerprint, savedAt: active.savedAt, values: configFormValues(active.config) },
    engineVersion: ENGINE_VERSION,
    lastFull: lastFull
      ? { finishedAt: lastFull.finishedAt, versionTag: lastFull.versionTag, written: lastFull.written, durationMs: lastFull.durationMs, configRevision: lastFull.configRevision }
      : null,
    pending: pendingRematchCounts(db),
    history: { ...scoringConfigHistory(db, page, PER_PAGE), page, perPage: PER_PAGE },
    runs: listMatchRuns(db, 1, 10).items,
  };
}

const noteSchema = z.string().trim().max(500, "La nota può avere al massimo 500 caratteri.").optional();

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, ["admin"]);
  const db = getDb();
  const form = await request.formData();
  const values = Object.fromEntries(CONFIG_FIELDS.map((f) => [f.path, String(form.get(f.path) ?? "")]));
  const note = noteSchema.safeParse(form.get("nota") ?? undefined);
  const parsed = parseScoringConfigForm(values, activeScoringConfig(db).config);
  if (!parsed.ok || !note.success) {
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...(note.success ? {} : { nota: note.error.issues[0]?.message ?? "Nota non valida." }) };
    return { values, errors, ok: null as string | null };
  }
  const saved = saveScoringConfig(db, parsed.config, { userId: user.id, note: note.data || null });
  if (!saved.ok) {
    if ("unchanged" in saved) return { values, errors: {}, ok: "Nessuna modifica: la configurazione attiva è già questa." as string | null };
    return { values, errors: { [WEIGHTS_ERROR_KEY]: saved.errors.join(" ") }, ok: null as string | null };
  }
  logSecurityEvent(db, { actor: userRef(user.id), action: "punteggio-modificato", target: `revisione:${saved.revision} impronta:${saved.fingerprint}`, ip: clientIp(context) });
  notifyMatchWorker();
  return {
    values,
    errors: {},
    ok: `Configurazione salvata (revisione ${saved.revision}). Il ricalcolo completo degli abbinamenti parte in background: i punteggi si aggiornano entro pochi minuti.`,
  };
}

const FIELD_IDS: Record<string, string> = { ...Object.fromEntries(CONFIG_FIELDS.map((f) => [f.path, fieldId(f.path)])), [WEIGHTS_ERROR_KEY]: fieldId("weights.programmazione"), nota: "cfg-nota" };

export default function ScoringConfigPage() {
  const { active, engineVersion, lastFull, pending, history, runs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const values = actionData?.values ?? active.values;
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <>
      <h1>Punteggio degli abbinamenti</h1>
      <AdminNav />
      <FormMessage ok={actionData?.ok ?? undefined} />
      <section aria-labelledby="stato" className="mb-4">
        <h2 id="stato">Stato</h2>
        <ul>
          <li>
            Configurazione attiva: revisione {active.revision} (impronta <code>{active.fingerprint}</code>)
            {active.savedAt ? `, salvata il ${formatDateTime(active.savedAt)}` : ", predefinita"}. Versione del motore: <code>{engineVersion}</code>.
          </li>
          <li>
            {lastFull
              ? `Ultimo ricalcolo completo: ${lastFull.finishedAt ? formatDateTime(lastFull.finishedAt) : "in corso"}, revisione ${lastFull.configRevision}, ${formatInteger(lastFull.written)} abbinamenti in ${formatInteger(Math.round((lastFull.durationMs ?? 0) / 1000))} s.`
              : "Nessun ricalcolo completo finora."}
            {lastFull && lastFull.configRevision !== active.revision ? " Il ricalcolo con la configurazione attiva è in attesa." : ""}
          </li>
          <li>
            In attesa di ricalcolo: {formatInteger(pending.calls)} bandi e {formatInteger(pending.comuni)} comuni.
          </li>
        </ul>
      </section>

      <section aria-labelledby="modifica" className="mb-5">
        <h2 id="modifica">Modifica la configurazione</h2>
        <p>
          Ogni componente vale da 0 ai suoi punti massimi; il punteggio è la somma. Le quote sono numeri tra 0 e 1 (es. 0,6).
          Salvando si crea una nuova revisione e si ricalcolano tutti gli abbinamenti.
        </p>
        <Form method="post" noValidate className="cd-form">
          <ErrorSummary errors={errors} fieldIds={FIELD_IDS} />
          {CONFIG_GROUPS.map((group) => (
            <fieldset key={group.key} className="mb-4">
              <legend className="h5">{group.title}</legend>
              <p className="small">{group.description}</p>
              {group.key === "weights" && errors[WEIGHTS_ERROR_KEY] ? (
                <div className="invalid-feedback d-block mb-2" id="cfg-pesi-errore">
                  {errors[WEIGHTS_ERROR_KEY]}
                </div>
              ) : null}
              <div className="row">
                {group.fields.map((f) => (
                  <div key={f.path} className="col-12 col-md-6 col-lg-4">
                    <Field
                      id={fieldId(f.path)}
                      name={f.path}
                      label={f.label}
                      inputMode={f.kind === "quota" ? "decimal" : "numeric"}
                      defaultValue={values[f.path]}
                      error={errors[f.path]}
                      required
                    />
                  </div>
                ))}
              </div>
            </fieldset>
          ))}
          <Field id="cfg-nota" name="nota" label="Nota sulla modifica (facoltativa)" maxLength={500} defaultValue="" error={errors.nota} />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? "Salvataggio…" : "Salva e ricalcola"}
          </button>
        </Form>
      </section>

      <section aria-labelledby="storico" className="mb-5">
        <h2 id="storico">Storico delle configurazioni</h2>
        <div className="table-responsive">
          <table className="table table-sm">
            <caption className="visually-hidden">Revisioni della configurazione del punteggio, dalla più recente</caption>
            <thead>
              <tr>
                <th scope="col">Revisione</th>
                <th scope="col">Salvata il</th>
                <th scope="col">Da</th>
                {COMPONENT_KEYS.map((k) => (
                  <th scope="col" key={k}>
                    <abbr title={COMPONENT_LABELS[k]}>{k}</abbr>
                  </th>
                ))}
                <th scope="col">Nota</th>
              </tr>
            </thead>
            <tbody>
              {history.items.map((v) => (
                <tr key={v.revision}>
                  <th scope="row">
                    {v.revision}
                    {v.active ? " (attiva)" : ""}
                  </th>
                  <td>{v.createdAt ? formatDateTime(v.createdAt) : "—"}</td>
                  <td>{v.createdAt ? (v.createdBy ?? "account eliminato") : "—"}</td>
                  {COMPONENT_KEYS.map((k) => (
                    <td key={k}>{v.weights[k]}</td>
                  ))}
                  <td>{v.note ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={history.page} perPage={history.perPage} total={history.total} searchParams={searchParams} label="Pagine dello storico" />
      </section>

      <section aria-labelledby="esecuzioni">
        <h2 id="esecuzioni">Ultime esecuzioni</h2>
        {runs.length === 0 ? (
          <p>Nessuna esecuzione.</p>
        ) : (
          <div className="table-responsive">
            <table className="table table-sm">
              <caption className="visually-hidden">Le ultime dieci esecuzioni dell&apos;abbinamento</caption>
              <thead>
                <tr>
                  <th scope="col">Inizio</th>
                  <th scope="col">Tipo</th>
                  <th scope="col">Motivo</th>
                  <th scope="col">Esito</th>
                  <th scope="col">Bandi</th>
                  <th scope="col">Comuni</th>
                  <th scope="col">Abbinamenti scritti</th>
                  <th scope="col">Rimossi</th>
                  <th scope="col">Durata (ms)</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{formatDateTime(r.startedAt)}</th>
                    <td>{r.kind}</td>
                    <td>{r.trigger}</td>
                    <td>{r.status === "fallito" ? `fallito: ${r.error ?? ""}` : r.status}</td>
                    <td>{formatInteger(r.calls)}</td>
                    <td>{formatInteger(r.comuni)}</td>
                    <td>{formatInteger(r.written)}</td>
                    <td>{formatInteger(r.deleted)}</td>
                    <td>{r.durationMs === null ? "—" : formatInteger(r.durationMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
