import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { Notice } from "~/components/forms";
import { RedazioneNav } from "~/components/redazione";
import { logSecurityEvent } from "~/data/security-log.server";
import { listThemes, updateTheme } from "~/data/themes.server";
import { parseThemeForm } from "~/domain/theme-form";
import { isThemeKey } from "~/domain/taxonomy";

export const meta: MetaFunction = () => [{ title: "Temi — Redazione — Cruscotto digitale" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { themes: listThemes(getDb()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const current = await requireStaff(request);
  const form = await request.formData();
  const key = String(form.get("key") ?? "");
  if (!isThemeKey(key)) throw new Response("Tema sconosciuto", { status: 404 });
  const parsed = parseThemeForm(String(form.get("label") ?? ""), String(form.get("keywords") ?? ""));
  if (!parsed.ok) {
    return data(
      { key, errors: parsed.errors, values: { label: String(form.get("label") ?? ""), keywords: String(form.get("keywords") ?? "") } },
      { status: 422 },
    );
  }
  const db = getDb();
  updateTheme(db, key, parsed);
  logSecurityEvent(db, { actor: `utente:${current.user.id}`, action: "tema-modificato", target: `tema:${key}`, ip: context.clientIp ?? null });
  throw redirect(`/redazione/temi?salvato=${key}#tema-${key}`);
}

export default function ThemesPage() {
  const { themes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("salvato");
  return (
    <>
      <Breadcrumb trail={[{ to: "/redazione", label: "Redazione" }]} current="Temi" />
      <h1>Temi e parole chiave</h1>
      <RedazioneNav />
      <p>
        I 23 temi sono fissi (le chiavi fanno parte dell'API pubblica); la redazione ne modifica l'etichetta e le parole
        chiave con cui le importazioni assegnano i temi in automatico, senza distinzione di maiuscole e accenti. I bandi
        già importati mantengono i temi che hanno.
      </p>
      {saved ? <Notice kind="success">Tema «{saved}» salvato.</Notice> : null}
      {themes.map((theme) => {
        const failed = actionData?.key === theme.key ? actionData : undefined;
        const labelId = `etichetta-${theme.key}`;
        const keywordsId = `parole-${theme.key}`;
        return (
          <section key={theme.key} id={`tema-${theme.key}`} aria-labelledby={`titolo-${theme.key}`} className="mb-4 border-bottom pb-3">
            <h2 id={`titolo-${theme.key}`} className="h5">
              {theme.label} <code className="ms-2">{theme.key}</code>
            </h2>
            <Form method="post" className="cd-form" noValidate>
              <input type="hidden" name="key" value={theme.key} />
              <div className="row g-3">
                <div className="col-12 col-lg-4 form-group">
                  <label htmlFor={labelId}>Etichetta</label>
                  <input
                    id={labelId}
                    name="label"
                    type="text"
                    className={`form-control${failed?.errors.label ? " is-invalid" : ""}`}
                    defaultValue={failed?.values.label ?? theme.label}
                    aria-invalid={failed?.errors.label ? true : undefined}
                    aria-describedby={failed?.errors.label ? `${labelId}-errore` : undefined}
                    maxLength={120}
                    required
                  />
                  {failed?.errors.label ? (
                    <div id={`${labelId}-errore`} className="invalid-feedback d-block">
                      {failed.errors.label}
                    </div>
                  ) : null}
                </div>
                <div className="col-12 col-lg-6 form-group">
                  <label htmlFor={keywordsId}>Parole chiave (una per riga)</label>
                  <textarea
                    id={keywordsId}
                    name="keywords"
                    rows={4}
                    className={`form-control${failed?.errors.keywords ? " is-invalid" : ""}`}
                    defaultValue={failed?.values.keywords ?? theme.keywords.join("\n")}
                    aria-invalid={failed?.errors.keywords ? true : undefined}
                    aria-describedby={failed?.errors.keywords ? `${keywordsId}-errore` : undefined}
                  />
                  {failed?.errors.keywords ? (
                    <div id={`${keywordsId}-errore`} className="invalid-feedback d-block">
                      {failed.errors.keywords}
                    </div>
                  ) : null}
                </div>
                <div className="col-12 col-lg-2 d-flex align-items-end form-group">
                  <button type="submit" className="btn btn-primary w-100">
                    Salva<span className="visually-hidden"> il tema {theme.label}</span>
                  </button>
                </div>
              </div>
            </Form>
          </section>
        );
      })}
    </>
  );
}
