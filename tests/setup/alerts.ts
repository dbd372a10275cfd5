import { writeTransaction, type Db } from "~db/client.server";
import { getCall, resolveCall, rowContent, updateCallContent } from "~/data/calls.server";
import { saveUserSubscription } from "~/data/alerts.server";
import { defaultSettings, type SubscriptionSettings } from "~/domain/alerts/settings";
import type { CallContent } from "~/domain/call-content";
import { runIngest } from "~/ingestion/pipeline.server";

/** Factories for alert tests: published calls in the canonical format, subscriptions, curator edits. */
export async function publishCall(
  db: Db,
  input: { idFonte: string; titolo?: string; scadenza?: string | null; temi?: string[]; importoMax?: number; comuni?: string[] },
  now = new Date(),
): Promise<number> {
  const bando = {
    idFonte: input.idFonte,
    titolo: input.titolo ?? `Bando di prova ${input.idFonte}`,
    ente: "Regione Lombardia",
    livelloEnte: "regionale",
    url: `https://www.regione.lombardia.it/bandi/${input.idFonte}`,
    temi: input.temi ?? ["cloud"],
    beneficiari: ["comune"],
    territorio: { regioni: ["03"], province: [], comuni: input.comuni ?? [] },
    importoMax: input.importoMax ?? 50000,
    ...(input.scadenza === null ? {} : { scadenza: input.scadenza ?? "2026-03-31" }),
  };
  const content = new TextEncoder().encode(JSON.stringify({ fonte: "prova", bandi: [bando] }));
  const summary = await runIngest(db, { source: "bando-json", content, input: "prova.json", publish: true, actor: "test", now });
  if (summary.status !== "completato") throw new Error(`ingestione non riuscita: ${summary.error ?? ""}`);
  const row = resolveCall(db, `prova:${input.idFonte}`);
  if (!row) throw new Error("bando non trovato");
  return row.id;
}

/** A curator's edit of a published call's live content. */
export function editCall(db: Db, callId: number, patch: Partial<CallContent>, now = new Date()): void {
  const row = getCall(db, callId);
  if (!row) throw new Error("bando non trovato");
  updateCallContent(db, callId, { ...rowContent(row), ...patch }, { type: "redazione", name: "utente:0 test" }, now);
}

export function subscribe(db: Db, userId: number, istat: string, settings: Partial<SubscriptionSettings> = {}, now = new Date()) {
  return writeTransaction(db, (tx) => saveUserSubscription(tx, userId, istat, { ...defaultSettings(), ...settings }, `sale-${userId}-${istat}`, now));
}
