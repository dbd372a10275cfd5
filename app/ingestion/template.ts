import type { CallContent } from "~/domain/call-content";
import { unknownClusterReason } from "~/domain/call-input";
import { isSizeCluster, SIZE_CLUSTERS } from "~/domain/clusters";
import { foldText } from "~/domain/text";
import { BENEFICIARY_KEYS, THEME_KEYS } from "~/domain/taxonomy";
import { romeWallClock } from "~/domain/time";
import { normaliseHeader } from "~/lib/csv";
import { InputError } from "~/lib/errors";
import { restoreNeutralised } from "~/lib/spreadsheet-safe";
import type { RawCall } from "./types";

/**
 * The curators' template (`csv-template`, `xlsx-template`): the canonical fields under Italian
 * headers, one call per row. Shared by both adapters and by the template downloads. Pure.
 *
 * Cell syntax: lists separated by `|` (also `;` or `,`); bands as
 * `0-5000: 23147 | 5001-20000: 32589 | 20001-: 59966` (an empty max is open-ended); booleans
 * `sì`/`no`; dates `31/03/2026`, `31/03/2026 12:00` or ISO; amounts as numbers or Italian text.
 */

export const TEMPLATE_COLUMNS = [
  { key: "idFonte", header: "Identificativo", names: ["identificativo", "idfonte", "id fonte", "id"], required: true, help: "Codice univoco del bando in questo file (es. 2026-017)" },
  { key: "titolo", header: "Titolo", names: ["titolo"], required: true, help: "Titolo del bando" },
  { key: "ente", header: "Ente erogatore", names: ["ente erogatore", "ente"], required: true, help: "Chi finanzia (es. Regione Lombardia)" },
  { key: "livelloEnte", header: "Livello ente", names: ["livello ente", "livello dell'ente", "livelloente"], required: false, help: "ue, nazionale, regionale, locale, privato" },
  { key: "descrizione", header: "Descrizione", names: ["descrizione"], required: false, help: "Testo descrittivo" },
  { key: "url", header: "Link", names: ["link", "url", "link alla fonte"], required: false, help: "Indirizzo web del bando (https://…)" },
  { key: "temi", header: "Temi", names: ["temi"], required: false, help: `Chiavi separate da | tra: ${THEME_KEYS.join(", ")}. Vuoto: assegnati automaticamente` },
  { key: "beneficiari", header: "Beneficiari", names: ["beneficiari"], required: true, help: `Chiavi separate da | tra: ${BENEFICIARY_KEYS.join(", ")}` },
  { key: "regioni", header: "Regioni", names: ["regioni", "territorio regioni"], required: false, help: "Codici ISTAT delle regioni (Lombardia = 03); vuoto = nessuna restrizione" },
  { key: "province", header: "Province", names: ["province", "territorio province"], required: false, help: "Sigle delle province (es. BG | BS); vuoto = nessuna restrizione" },
  { key: "comuni", header: "Comuni", names: ["comuni", "territorio comuni"], required: false, help: "Codici ISTAT dei comuni a 6 cifre; vuoto = nessuna restrizione" },
  { key: "popolazioneMin", header: "Popolazione minima", names: ["popolazione minima", "popolazionemin"], required: false, help: "Abitanti, incluso" },
  { key: "popolazioneMax", header: "Popolazione massima", names: ["popolazione massima", "popolazionemax"], required: false, help: "Abitanti, incluso" },
  {
    key: "fasce",
    header: "Fasce demografiche",
    names: ["fasce demografiche", "fasce demografiche ammesse", "fasce"],
    required: false,
    help: `Fasce di comuni a cui il bando è riservato, separate da | tra: ${SIZE_CLUSTERS.join(", ")} (piccolo: meno di 5.000 abitanti; medio: da 5.000 a 15.000; grande: oltre 15.000). Vuoto = tutte`,
  },
  { key: "soloFormaAssociata", header: "Solo forma associata", names: ["solo forma associata", "soloformaassociata"], required: false, help: "sì / no" },
  { key: "dotazione", header: "Dotazione", names: ["dotazione", "dotazione (€)"], required: false, help: "Euro (es. 1.000.000 o 1000000)" },
  { key: "importoMin", header: "Importo minimo", names: ["importo minimo", "importomin"], required: false, help: "Euro" },
  { key: "importoMax", header: "Importo massimo", names: ["importo massimo", "importomax"], required: false, help: "Euro" },
  { key: "importiPerFascia", header: "Importi per fascia", names: ["importi per fascia", "importiperfascia"], required: false, help: "es. 0-5000: 23147 | 5001-20000: 32589 | 20001-: 59966" },
  { key: "cofinanziamentoPct", header: "Cofinanziamento %", names: ["cofinanziamento %", "cofinanziamento", "cofinanziamentopct"], required: false, help: "Percentuale a carico dell'ente (0–100)" },
  { key: "apertura", header: "Apertura", names: ["apertura", "data apertura"], required: false, help: "GG/MM/AAAA [HH:MM], ora di Roma; solo data = inizio del giorno" },
  { key: "scadenza", header: "Scadenza", names: ["scadenza", "data scadenza"], required: false, help: "GG/MM/AAAA [HH:MM], ora di Roma; solo data = fine del giorno; vuoto = a sportello" },
  { key: "procedura", header: "Procedura", names: ["procedura"], required: false, help: "sportello o graduatoria" },
  { key: "misuraPnrr", header: "Misura PNRR", names: ["misura pnrr", "misurapnrr"], required: false, help: "es. M1C1-1.4.5" },
] as const;

export type TemplateKey = (typeof TEMPLATE_COLUMNS)[number]["key"];

export const TEMPLATE_HEADERS = TEMPLATE_COLUMNS.map((c) => c.header);

/** A template cell as read from CSV (text) or XLSX (text, number, boolean, date as ISO text). */
export type TemplateCell = string | number | boolean | null;

export function splitList(value: TemplateCell): string[] {
  if (value === null || value === "") return [];
  return String(value)
    .split(/[|;,\n]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

const BAND_RE = /^([\d.\s']*)\s*(?:-|–|—|\.\.)\s*([\d.\s']*|\+|oltre)?\s*[:=]\s*(.+)$/i;
const OPEN_BAND_RE = /^(?:oltre|>)\s*([\d.\s']+)\s*[:=]\s*(.+)$/i;

/** `0-5000: 23147 | 5001-20000: 32589 | 20001-: 59966` → raw bands; throws a message when malformed. */
export function parseBands(value: TemplateCell): NonNullable<RawCall["importiPerFascia"]> {
  if (value === null || String(value).trim() === "") return [];
  const bands: NonNullable<RawCall["importiPerFascia"]> = [];
  for (const part of String(value).split(/[|\n]/).map((p) => p.trim()).filter(Boolean)) {
    const open = OPEN_BAND_RE.exec(part);
    if (open) {
      bands.push({ popolazioneMin: String(Number(open[1]!.replace(/[.\s']/g, "")) + 1), popolazioneMax: null, importo: open[2]!.trim() });
      continue;
    }
    const m = BAND_RE.exec(part);
    if (!m || m[1]!.trim() === "") throw new Error(`fascia non leggibile «${part.slice(0, 60)}»: usare ad esempio 0-5000: 23147`);
    const max = m[2] && m[2] !== "+" && m[2].toLowerCase() !== "oltre" ? m[2].trim() : "";
    bands.push({ popolazioneMin: m[1]!.trim(), popolazioneMax: max === "" ? null : max, importo: m[3]!.trim() });
  }
  return bands;
}

function text(value: TemplateCell): string | null {
  if (value === null) return null;
  const s = restoreNeutralised(String(value)).trim();
  return s === "" ? null : s;
}

function amount(value: TemplateCell): string | number | null {
  if (value === null || value === "") return null;
  return typeof value === "number" ? value : text(value);
}

/** `sì`/`no` (and true/false, 1/0, x) → boolean; empty → null; anything else → undefined. */
export function yesNo(value: TemplateCell): boolean | null | undefined {
  if (typeof value === "boolean") return value;
  if (value === null) return null;
  const t = String(value).trim().toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  if (t === "") return null;
  if (["si", "s", "true", "vero", "1", "x", "yes"].includes(t)) return true;
  if (["no", "n", "false", "falso", "0"].includes(t)) return false;
  return undefined;
}

/**
 * One template row (cells by key) → a raw call, or a problem with the field (header) and reason.
 */
export function templateRowToRawCall(cells: Partial<Record<TemplateKey, TemplateCell>>): { ok: true; call: RawCall } | { ok: false; field: string; reason: string } {
  const get = (k: TemplateKey) => cells[k] ?? null;
  let bands: RawCall["importiPerFascia"];
  try {
    bands = parseBands(get("importiPerFascia"));
  } catch (error) {
    return { ok: false, field: "Importi per fascia", reason: (error as Error).message };
  }
  const fasceCells = splitList(get("fasce"));
  const unknownCluster = fasceCells.find((f) => !isSizeCluster(foldText(f)));
  if (unknownCluster !== undefined) return { ok: false, field: "Fasce demografiche", reason: unknownClusterReason(unknownCluster) };
  const fasce = fasceCells.map(foldText);
  const associated = yesNo(get("soloFormaAssociata"));
  if (associated === undefined) return { ok: false, field: "Solo forma associata", reason: `valore non ammesso «${String(get("soloFormaAssociata")).slice(0, 40)}»: usare sì o no` };
  const call: RawCall = {
    idFonte: text(get("idFonte")) ?? "",
    titolo: text(get("titolo")) ?? "",
    ente: text(get("ente")) ?? "",
    livelloEnte: text(get("livelloEnte")),
    descrizione: text(get("descrizione")),
    url: text(get("url")),
    temi: splitList(get("temi")),
    beneficiari: splitList(get("beneficiari")),
    territorio: { regioni: splitList(get("regioni")), province: splitList(get("province")), comuni: splitList(get("comuni")) },
    popolazioneMin: amount(get("popolazioneMin")),
    popolazioneMax: amount(get("popolazioneMax")),
    fasce,
    soloFormaAssociata: associated,
    dotazione: amount(get("dotazione")),
    importoMin: amount(get("importoMin")),
    importoMax: amount(get("importoMax")),
    importiPerFascia: bands,
    cofinanziamentoPct: amount(get("cofinanziamentoPct")),
    apertura: text(get("apertura")),
    scadenza: text(get("scadenza")),
    procedura: text(get("procedura")),
    misuraPnrr: text(get("misuraPnrr")),
  };
  return { ok: true, call };
}

const p2 = (n: number) => String(n).padStart(2, "0");

/** An instant as a curator writes it: `31/03/2026` when the day boundary rule gives it back, else `31/03/2026 12:00`. */
export function templateDate(instantIso: string | null, boundary: "start" | "end"): string {
  if (!instantIso) return "";
  const w = romeWallClock(new Date(instantIso));
  const day = `${p2(w.day)}/${p2(w.month)}/${String(w.year).padStart(4, "0")}`;
  const isBoundary = boundary === "start" ? w.hour === 0 && w.minute === 0 && w.second === 0 : w.hour === 23 && w.minute === 59 && w.second === 59;
  if (isBoundary) return day;
  return `${day} ${p2(w.hour)}:${p2(w.minute)}${w.second ? `:${p2(w.second)}` : ""}`;
}

function italianNumber(value: number | null): string {
  return value === null ? "" : String(value).replace(".", ",");
}

/** A call's content as a template row (values in TEMPLATE_COLUMNS order); numbers stay numbers. */
export function contentToTemplateRow(sourceId: string, c: CallContent): (string | number)[] {
  const num = (v: number | null) => (v === null ? "" : v);
  return [
    sourceId,
    c.title,
    c.issuer,
    c.issuerLevel ?? "",
    c.description ?? "",
    c.url ?? "",
    c.themes.join(" | "),
    c.beneficiaries.join(" | "),
    c.territory.regions.join(" | "),
    c.territory.provinces.join(" | "),
    c.territory.comuni.join(" | "),
    num(c.populationMin),
    num(c.populationMax),
    c.sizeClusters.join(" | "),
    c.associatedOnly ? "sì" : "no",
    num(c.budget),
    num(c.amountMin),
    num(c.amountMax),
    c.amountBands.map((b) => `${b.populationMin ?? 0}-${b.populationMax ?? ""}: ${italianNumber(b.amount)}`).join(" | "),
    num(c.cofinancingPct),
    templateDate(c.opensAt, "start"),
    templateDate(c.deadline, "end"),
    c.procedure ?? "",
    c.pnrrMeasure ?? "",
  ];
}

/** For CSV cells: numbers written the Italian way (decimal comma), as Excel in Italy reads them. */
export function csvTemplateRow(sourceId: string, c: CallContent): string[] {
  return contentToTemplateRow(sourceId, c).map((v) => (typeof v === "number" ? italianNumber(v) : v));
}

/** Maps a header row to template keys; missing required columns throw InputError (line 1). */
export function locateTemplateColumns(header: readonly string[], file: string): Partial<Record<TemplateKey, number>> {
  // The template marks required columns with "*": compared without it.
  const norm = (s: string) => normaliseHeader(s.replace(/\*/g, ""));
  const names = header.map(norm);
  const result: Partial<Record<TemplateKey, number>> = {};
  const missing: string[] = [];
  for (const col of TEMPLATE_COLUMNS) {
    const wanted = [norm(col.header), ...col.names.map(norm)];
    let index = names.findIndex((h) => wanted.includes(h));
    if (index < 0) index = names.findIndex((h) => wanted.some((w) => h.startsWith(`${w} (`)));
    if (index >= 0) result[col.key] = index;
    else if (col.required) missing.push(col.header);
  }
  if (missing.length) {
    throw new InputError(`intestazione non riconosciuta: mancano le colonne ${missing.map((m) => `"${m}"`).join(", ")} (scaricare il modello dalla redazione)`, { file, line: 1 });
  }
  return result;
}

export function columnHeader(key: string): string {
  return TEMPLATE_COLUMNS.find((c) => c.key === key)?.header ?? key;
}
