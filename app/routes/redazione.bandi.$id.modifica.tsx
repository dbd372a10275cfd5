import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { FieldError, Notice } from "~/components/forms";
import { RedazioneNav } from "~/components/redazione";
import { CallActionError, curatorActor, getCall, rowContent, updateCallContent } from "~/data/calls.server";
import { ISSUER_LEVELS, PROCEDURES } from "~/domain/call";
import { contentToForm, FORM_FIELDS, LIST_FIELDS, parseCallForm, type FormField, type FormValues } from "~/domain/call-form";
import { SIZE_CLUSTER_LABELS, SIZE_CLUSTERS } from "~/domain/clusters";
import { BENEFICIARY_KEYS, BENEFICIARY_LABELS, DEFAULT_THEMES } from "~/domain/taxonomy";
import { LOMBARDY_PROVINCES } from "~/domain/territory";
import { idParam } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Modifica: ${data?.title ?? "bando"} — Redazione — Cruscotto digitale` }];

const callId = (params: { id?: string }) => idParam(params, "Bando non trovato");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const row = getCall(getDb(), callId(params));
  if (!row || row.mergedIntoId !== null) throw new Response("Bando non trovato", { status: 404 });
  return { id: row.id, publicId: row.publicId, title: row.title, values: contentToForm(rowContent(row)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const current = await requireStaff(request);
  const id = callId(params);
  const form = await request.formData();
  const values: FormValues = {};
  for (const f of FORM_FIELDS) {
    const all = form.getAll(f).filter((v): v is string => typeof v === "string");
    values[f] = LIST_FIELDS.has(f) ? all : (all[0] ?? "");
  }
  const result = parseCallForm(values);
  if (!result.ok) return data({ errors: result.errors, values }, { status: 422 });
  try {
    updateCallContent(getDb(), id, result.content, curatorActor(current.user));
  } catch (error) {
    if (error instanceof CallActionError) return data({ errors: { titolo: error.message } as Partial<Record<FormField, string>>, values }, { status: 409 });
    throw error;
  }
  throw redirect(`/redazione/bandi/${id}?esito=modificato`);
}

const LABELS: Record<FormField, string> = {
  titolo: "Titolo",
  ente: "Ente erogatore",
  livelloEnte: "Livello dell'ente",
  descrizione: "Descrizione",
  url: "Link alla fonte",
  temi: "Temi",
  beneficiari: "Beneficiari",
  regioni: "Regioni (codici ISTAT, es. 03)",
  province: "Province (sigle, es. BG, BS)",
  comuni: "Comuni (codici ISTAT a 6 cifre)",
  popolazioneMin: "Popolazione minima (inclusa)",
  popolazioneMax: "Popolazione massima (inclusa)",
  fasce: "Fasce demografiche ammesse",
  soloFormaAssociata: "Solo in forma associata (unioni, comunità montane)",
  dotazione: "Dotazione complessiva (€)",
  importoMin: "Importo minimo (€)",
  importoMax: "Importo massimo (€)",
  importiPerFascia: "Importi per fascia di popolazione (una fascia per riga, es. 0-5000: 23147; massimo vuoto = senza limite)",
  cofinanziamentoPct: "Cofinanziamento richiesto (%)",
  aperturaData: "Giorno di apertura",
  aperturaOra: "Ora di apertura (vuota = inizio del giorno)",
  scadenzaData: "Giorno di scadenza (vuoto = a sportello)",
  scadenzaOra: "Ora di scadenza (vuota = fine del giorno)",
  procedura: "Procedura",
  misuraPnrr: "Misura PNRR (es. M1C1-1.4.5)",
};

export default function EditCall() {
  const { id, publicId, title, values: saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Partial<Record<FormField, string>> = actionData?.errors ?? {};
  const values = (actionData?.values ?? saved) as Record<FormField, string | string[]>;
  const text = (f: FormField) => (Array.isArray(values[f]) ? "" : (values[f] as string) ?? "");
  const list = (f: FormField) => (Array.isArray(values[f]) ? (values[f] as string[]) : []);
  const describe = (f: FormField) => (errors[f] ? { "aria-invalid": true, "aria-describedby": `errore-${f}` } : {});
  const input = (f: FormField, props: Record<string, unknown> = {}) => (
    <div className="form-group">
      <label htmlFor={f}>{LABELS[f]}</label>
      <input id={f} name={f} className="form-control" defaultValue={text(f)} {...describe(f)} {...props} />
      <FieldError id={`errore-${f}`} message={errors[f]} />
    </div>
  );
  /** A group of checkboxes sending `field` once per checked option; a hint is read with the group. */
  const checks = (field: FormField, idPrefix: string, options: readonly { value: string; label: string }[], hint?: string) => {
    const described = [hint ? `aiuto-${field}` : null, errors[field] ? `errore-${field}` : null].filter(Boolean).join(" ");
    return (
      <fieldset id={field} {...(described ? { "aria-describedby": described } : {})}>
        <legend>{LABELS[field]}</legend>
        {hint ? (
          <p id={`aiuto-${field}`} className="form-text">
            {hint}
          </p>
        ) : null}
        <div className="cd-checks">
          {options.map((o) => (
            <div key={o.value} className="form-check">
              <input id={`${idPrefix}-${o.value}`} type="checkbox" name={field} value={o.value} defaultChecked={list(field).includes(o.value)} />
              <label htmlFor={`${idPrefix}-${o.value}`}>{o.label}</label>
            </div>
          ))}
        </div>
        <FieldError id={`errore-${field}`} message={errors[field]} />
      </fieldset>
    );
  };
  const errorList = Object.entries(errors) as [FormField, string][];
  return (
    <>
      <Breadcrumb trail={[{ to: "/redazione", label: "Redazione" }, { to: `/redazione/bandi/${id}`, label: publicId }]} current="Modifica" />
      <h1>Modifica: {title}</h1>
      <RedazioneNav />
      {errorList.length ? (
        <Notice kind="danger">
          <p className="mb-1">Correggi i campi indicati:</p>
          <ul className="mb-0">
            {errorList.map(([f, message]) => (
              <li key={f}>
                <a href={`#${f}`}>{LABELS[f]}</a>: {message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <p>I campi che modifichi restano della redazione: le importazioni successive non li sovrascrivono. Ogni modifica è registrata.</p>
      <Form method="post" className="cd-form" noValidate>
        {input("titolo", { required: true, maxLength: 500 })}
        {input("ente", { required: true, maxLength: 300 })}
        <div className="form-group">
          <label htmlFor="livelloEnte">{LABELS.livelloEnte}</label>
          <select id="livelloEnte" name="livelloEnte" className="form-select" defaultValue={text("livelloEnte")} {...describe("livelloEnte")}>
            <option value="">Non indicato</option>
            {ISSUER_LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
          <FieldError id="errore-livelloEnte" message={errors.livelloEnte} />
        </div>
        <div className="form-group">
          <label htmlFor="descrizione">{LABELS.descrizione}</label>
          <textarea id="descrizione" name="descrizione" className="form-control" rows={6} defaultValue={text("descrizione")} {...describe("descrizione")} />
          <FieldError id="errore-descrizione" message={errors.descrizione} />
        </div>
        {input("url", { type: "url", inputMode: "url" })}
        {checks("temi", "tema", DEFAULT_THEMES.map((t) => ({ value: t.key, label: t.label })))}
        {checks("beneficiari", "beneficiario", BENEFICIARY_KEYS.map((b) => ({ value: b, label: BENEFICIARY_LABELS[b] })))}
        <fieldset>
          <legend>Territorio (un elenco vuoto = nessuna restrizione)</legend>
          {input("regioni")}
          {input("province", { list: "province-lombarde" })}
          <datalist id="province-lombarde">
            {LOMBARDY_PROVINCES.map((p) => (
              <option key={p.sigla} value={p.sigla}>
                {p.name}
              </option>
            ))}
          </datalist>
          <div className="form-group">
            <label htmlFor="comuni">{LABELS.comuni}</label>
            <textarea id="comuni" name="comuni" className="form-control" rows={2} defaultValue={text("comuni")} {...describe("comuni")} />
            <FieldError id="errore-comuni" message={errors.comuni} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Popolazione e forma associata</legend>
          {input("popolazioneMin", { inputMode: "numeric" })}
          {input("popolazioneMax", { inputMode: "numeric" })}
  {checks(
            "fasce",
            "fascia",
            SIZE_CLUSTERS.map((c) => ({ value: c, label: SIZE_CLUSTER_LABELS[c] })),
            "Il bando è riservato ai comuni delle fasce scelte. Nessuna scelta = comuni di ogni fascia.",
          )}
          <div className="form-check">
            <input id="soloFormaAssociata" type="checkbox" name="soloFormaAssociata" value="on" defaultChecked={text("soloFormaAssociata") === "on"} />
            <label htmlFor="soloFormaAssociata">{LABELS.soloFormaAssociata}</label>
          </div>
        </fieldset>
        <fieldset>
          <legend>Importi</legend>
          {input("dotazione", { inputMode: "decimal" })}
          {input("importoMin", { inputMode: "decimal" })}
          {input("importoMax", { inputMode: "decimal" })}
          <div className="form-group">
            <label htmlFor="importiPerFascia">{LABELS.importiPerFascia}</label>
            <textarea id="importiPerFascia" name="importiPerFascia" className="form-control" rows={5} defaultValue={text("importiPerFascia")} {...describe("importiPerFascia")} />
            <FieldError id="errore-importiPerFascia" message={errors.importiPerFascia} />
          </div>
          {input("cofinanziamentoPct", { inputMode: "decimal" })}
        </fieldset>
        <fieldset>
          <legend>Date (ora di Roma)</legend>
          {input("aperturaData", { type: "date" })}
          {input("aperturaOra", { type: "time" })}
          {input("scadenzaData", { type: "date" })}
          {input("scadenzaOra", { type: "time" })}
        </fieldset>
        <div className="form-group">
          <label htmlFor="procedura">{LABELS.procedura}</label>
          <select id="procedura" name="procedura" className="form-select" defaultValue={text("procedura")} {...describe("procedura")}>
            <option value="">Non indicata</option>
            {PROCEDURES.map((p) => (
              <option key={p} value={p}>
                {p === "sportello" ? "A sportello" : "Graduatoria"}
              </option>
            ))}
          </select>
          <FieldError id="errore-procedura" message={errors.procedura} />
        </div>
        {input("misuraPnrr")}
        <button type="submit" className="btn btn-primary">
          Salva le modifiche
        </button>
      </Form>
    </>
  );
}
