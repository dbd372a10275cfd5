import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { Notice } from "~/components/forms";
import { RedazioneNav } from "~/components/redazione";
import { curatorActor } from "~/data/calls.server";
import { ADAPTERS, adapterFor } from "~/ingestion/adapters";
import { mediaTypeOf } from "~/ingestion/fetch.server";
import { runIngest } from "~/ingestion/pipeline.server";
import { logSecurityEvent } from "~/data/security-log.server";

export const meta: MetaFunction = () => [{ title: "Carica un file — Redazione — Cruscotto digitale" }];

/** Upload limits (SECURITY.md 15): checked before parsing; the file name is only a label. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** A file name as a label for runs: no folders, no control characters, at most 120 characters. */
export function uploadLabel(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f]/g, "").trim() ?? "";
  return (base || "file caricato").slice(0, 120);
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return {
    adapters: Object.values(ADAPTERS).map((a) => ({ source: a.source, label: a.label, mediaTypes: [...a.mediaTypes] })),
    maxMb: MAX_UPLOAD_BYTES / 1024 / 1024,
  };
}

type UploadError = { error: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const current = await requireStaff(request);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES + 64 * 1024) {
    return data<UploadError>({ error: `Il file supera il limite di ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.` }, { status: 413 });
  }
  if (mediaTypeOf(request.headers.get("content-type")) !== "multipart/form-data") {
    return data<UploadError>({ error: "Invio non valido: serve un modulo con un file allegato." }, { status: 415 });
  }
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return data<UploadError>({ error: `Il file supera il limite di ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.` }, { status: 413 });
    }
    return data<UploadError>({ error: "Il modulo inviato non è leggibile." }, { status: 422 });
  }
  const adapter = adapterFor(String(form.get("fonte") ?? ""));
  if (!adapter) return data<UploadError>({ error: "Scegli il formato del file." }, { status: 422 });
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) return data<UploadError>({ error: "Scegli un file non vuoto da caricare." }, { status: 422 });
  const type = mediaTypeOf(file.type);
  if (!adapter.mediaTypes.includes(type)) {
    return data<UploadError>(
      { error: `Tipo di file non ammesso per «${adapter.label}» (${type || "sconosciuto"}): attesi ${adapter.mediaTypes.join(", ")}.` },
      { status: 415 },
    );
  }
  const name = uploadLabel("name" in file && typeof file.name === "string" ? file.name : "");
  const summary = await runIngest(getDb(), {
    source: adapter.source,
    content: new Uint8Array(await file.arrayBuffer()),
    input: name,
    publish: form.get("pubblica") === "on",
    actor: curatorActor(current.user).name,
  });
  logSecurityEvent(getDb(), { actor: `utente:${current.user.id}`, action: "importazione-bandi", target: `esecuzione:${summary.runId}`, ip: context.clientIp ?? null });
  if (summary.status !== "completato") {
    return data<UploadError & { runId: number }>({ error: `File non importato: ${summary.error ?? "errore"}`, runId: summary.runId }, { status: 422 });
  }
  throw redirect(`/redazione/esecuzioni/${summary.runId}`);
}

export default function Upload() {
  const { adapters, maxMb } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <Breadcrumb trail={[{ to: "/redazione", label: "Redazione" }]} current="Carica un file" />
      <h1>Carica un file di bandi</h1>
      <RedazioneNav />
      {actionData?.error ? <Notice kind="danger">{actionData.error}</Notice> : null}
      <p>
        Formati: il modello della redazione (<a href="/redazione/modello.xlsx" download>XLSX</a> o <a href="/redazione/modello.csv" download>CSV</a>), il formato
        canonico <code>bando-json</code> e i formati delle fonti. Dimensione massima {maxMb} MB. Le righe non valide vengono scartate con il motivo; le altre
        vengono caricate. Ricaricare lo stesso file non cambia nulla.
      </p>
      <Form method="post" encType="multipart/form-data" className="cd-form">
        <div className="form-group">
          <label htmlFor="fonte">Formato del file</label>
          <select id="fonte" name="fonte" className="form-select" required defaultValue="xlsx-template">
            {adapters.map((a) => (
              <option key={a.source} value={a.source}>
                {a.label} ({a.source})
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label htmlFor="file">File</label>
          <input id="file" name="file" type="file" className="form-control" required accept={[...new Set(adapters.flatMap((a) => a.mediaTypes)), ".csv", ".json", ".xlsx", ".xml"].join(",")} />
        </div>
        <div className="form-check mb-3">
          <input id="pubblica" name="pubblica" type="checkbox" />
          <label htmlFor="pubblica">Pubblica subito i bandi nuovi (solo per file verificati)</label>
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Importazione in corso…" : "Importa"}
        </button>
      </Form>
    </>
  );
}
