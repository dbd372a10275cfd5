import type { CallRow, CallSourceRow } from "~db/schema";
import { rowContent } from "~/data/calls.server";
import { callStatus } from "~/domain/call";
import { formatRomeIso, toCanonical } from "~/domain/call-content";

/** Public JSON of calls (API.md): canonical Italian field names, dates with their Rome offset. */

export function callSummaryJson(call: CallRow, now: Date) {
  return {
    id: call.publicId,
    titolo: call.title,
    ente: call.issuer,
    temi: call.themes,
    stato: callStatus(call, now),
    apertura: call.opensAt ? formatRomeIso(call.opensAt) : null,
    scadenza: call.deadline ? formatRomeIso(call.deadline) : null,
    importoMax: call.amountMax,
    url: call.url,
  };
}

export function sourceJson(source: CallSourceRow) {
  return {
    id: source.alias,
    fonte: source.fonte,
    idFonte: source.sourceId,
    adattatore: source.adapter,
    primaLettura: source.firstSeenAt,
    ultimaLettura: source.lastSeenAt,
  };
}

export function callDetailJson(call: CallRow, sources: CallSourceRow[], now: Date) {
  return {
    id: call.publicId,
    ...toCanonical(rowContent(call)),
    stato: callStatus(call, now),
    fonti: sources.map(sourceJson),
    versione: call.version,
    aggiornatoIl: call.liveUpdatedAt,
  };
}

export const CSV_COLUMNS = [
  "id", "titolo", "ente", "livelloEnte", "stato", "temi", "beneficiari", "regioni", "province", "comuni",
  "popolazioneMin", "popolazioneMax", "soloFormaAssociata", "dotazione", "importoMin", "importoMax", "importiPerFascia",
  "cofinanziamentoPct", "apertura", "scadenza", "procedura", "misuraPnrr", "url", "fonti", "versione", "aggiornatoIl", "descrizione",
] as const;

/** One CSV row per published call (lists joined with `|`, bands as `min-max:importo`). */
export function callCsvRow(call: CallRow, sources: CallSourceRow[], now: Date): (string | number | null)[] {
  const c = toCanonical(rowContent(call));
  return [
    call.publicId, c.titolo, c.ente, c.livelloEnte, callStatus(call, now), c.temi.join("|"), c.beneficiari.join("|"),
    c.territorio.regioni.join("|"), c.territorio.province.join("|"), c.territorio.comuni.join("|"),
    c.popolazioneMin, c.popolazioneMax, c.soloFormaAssociata ? "sì" : "no", c.dotazione, c.importoMin, c.importoMax,
    c.importiPerFascia.map((b) => `${b.popolazioneMin ?? 0}-${b.popolazioneMax ?? ""}:${b.importo}`).join("|"),
    c.cofinanziamentoPct, c.apertura, c.scadenza, c.procedura, c.misuraPnrr, c.url, sources.map((s) => s.alias).join("|"),
    call.version, call.liveUpdatedAt, c.descrizione,
  ];
}
