import { regionCodeByName } from "~/domain/regions";
import { LOMBARDY_REGION_CODE } from "~/domain/territory";
import { foldText, squashWhitespace } from "~/domain/text";
import type { BeneficiaryKey } from "~/domain/taxonomy";
import { decodeText, normaliseHeader, readCsv } from "~/lib/csv";
import { InputError } from "~/lib/errors";
import type { AdapterContext, ParsedSource, RawCall, SourceAdapter, SourcePosition } from "../types";
import {
  SourceCollector,
  calendarDayIfMidnight,
  ensureInputSize,
  isRecord,
  own,
  readSourceAmount,
  safeUrl,
  textOf,
  unique,
} from "./shared";

/**
 * incentivi.gov.it — the national incentives catalogue (IODL 2.0), in both published forms:
 *   - CSV, comma-separated UTF-8 WITH BOM, one record per row;
 *   - Solr JSON `{"response":{"numFound":N,"docs":[…]}}`, list fields as arrays.
 * Only records for public bodies are kept (decision 0022); records whose regions exclude
 * Lombardy are skipped as well, since this product serves Lombard comuni.
 *
 * List fields in the CSV (`Tipologia_Soggetto`, `Regioni`, …) are documented as "joined with
 * commas inside quotes" — UNVERIFIED: no real CSV export was available while writing this.
 * `splitList` accepts commas, semicolons, pipes, and a JSON array literal, so either reading works.
 */

export const SKIPPED_PRIVATE = "destinatari non pubblici (imprese, privati)";
export const SKIPPED_NO_TYPE = "tipologia di soggetto non indicata";
export const SKIPPED_OTHER_REGIONS = "riservati ad altre regioni";

/** Field names as normalised keys: lower case, no accents, no trailing `[]`. */
function fieldKey(name: string): string {
  return normaliseHeader(name).replace(/\s*\[\]$/, "");
}

const FIELDS = {
  id: "id_incentivo",
  title: "titolo",
  description: "descrizione",
  goals: "obiettivo_finalita",
  opens: "data_apertura",
  closes: "data_chiusura",
  dateNotes: "note_di_apertura_chiusura",
  recipientTypes: "tipologia_soggetto",
  minGrant: "agevolazione_concedibile_min",
  maxGrant: "agevolazione_concedibile_max",
  regions: "regioni",
  comuni: "comuni",
  issuer: "soggetto_concedente",
  budget: "stanziamento_incentivo",
  link: "link_istituzionale",
} as const;
type Field = keyof typeof FIELDS;
type SourceRecord = (field: Field) => unknown;

const REQUIRED_CSV_COLUMNS: Field[] = ["id", "title", "recipientTypes"];

/** A list field: a JSON array, or text split on `;`, `|` or `,` (both CSV readings). */
export function splitList(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => splitList(item));
  const text = textOf(value);
  if (text === "") return [];
  if (text.startsWith("[") && text.endsWith("]")) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (Array.isArray(parsed)) return parsed.map(textOf).filter(Boolean);
    } catch {
      // not a JSON literal: split it as text below
    }
  }
  const separator = /[;|]/.test(text) ? /[;|]/ : /,/;
  return text.split(separator).map(squashWhitespace).filter(Boolean);
}

const PUBLIC_BODY_RE =
  /\b(ente pubblico|enti pubblici|pubblica amministrazione|pubbliche amministrazioni|comun[ei]|enti locali|unioni? di comuni|comunita montan[ae]|provinc[ei]a?|citta metropolitan[ae])\b/;

/** Whether a `Tipologia_Soggetto` value names a public body (comuni included). */
export function isPublicBodyType(type: string): boolean {
  return PUBLIC_BODY_RE.test(foldText(type));
}

const TYPE_KEYS: [RegExp, BeneficiaryKey][] = [
  [/\bunion[ei] di comuni\b/, "unione-di-comuni"],
  [/\bcomunita montan/, "comunita-montana"],
  [/\bcitta metropolitan/, "citta-metropolitana"],
  [/\bcomun[ei]\b|\benti locali\b/, "comune"],
  [/\bprovinc/, "provincia"],
  [/\bregion[ei]\b/, "regione"],
  [/\bent[ei] pubblic|\bpubblic[ah]e? amministrazion/, "ente-pubblico"],
  [/\bscuol|\bistitut[io] scolastic/, "scuola"],
  [/\baziend[ae] sanitari|\basl\b/, "asl"],
  [/\buniversit|\bent[ei] di ricerca|\borganismi di ricerca/, "universita"],
  [/\bterzo settore|\bassociazion|\bfondazion|\bonlus\b|\bno profit|\bnon profit/, "terzo-settore"],
  [/\bimpres|\bprofessionist|\blavorator[ei] autonom|\bpmi\b/, "impresa"],
  [/\bperson[ae] fisic|\bcittadin|\bfamigli/, "cittadino"],
];

/** Beneficiary keys of the `Tipologia_Soggetto` values; unrecognised types become `altro`. */
export function beneficiariesOfTypes(types: string[]): BeneficiaryKey[] {
  return unique(
    types.map((type) => {
      const folded = foldText(type);
      return TYPE_KEYS.find(([re]) => re.test(folded))?.[1] ?? "altro";
    }),
  );
}

/** Issuer level from the granting body's name (national catalogue: national unless named otherwise). */
export function issuerLevel(issuer: string): "ue" | "nazionale" | "regionale" | "locale" {
  const folded = foldText(issuer);
  if (/\b(commissione europea|unione europea)\b/.test(folded)) return "ue";
  if (/^(regione|provincia autonoma)\b/.test(folded)) return "regionale";
  if (/^(comune|provincia|citta metropolitana|camera di commercio|unione|comunita montana|gal)\b/.test(folded)) return "locale";
  return "nazionale";
}

type RegionReading = { codes: string[] } | { unknown: string[] };

/** `Regioni` names → ISTAT codes; "Tutte" or all twenty regions → no restriction (`[]`). */
export function readRegions(names: string[]): RegionReading {
  const codes = new Set<string>();
  const unknown: string[] = [];
  let wholeCountry = false;
  for (const name of names) {
    const code = regionCodeByName(name);
    if (code === "*") wholeCountry = true;
    else if (code) codes.add(code);
    else unknown.push(name);
  }
  if (unknown.length > 0) return { unknown };
  if (wholeCountry || codes.size >= 20) return { codes: [] };
  return { codes: [...codes].sort() };
}

function amountOrNull(value: unknown): number | null {
  const amount = readSourceAmount(typeof value === "number" ? value : textOf(value));
  // The export writes 0 where no amount is stated (unverified): 0 is never a real bound.
  return amount === null || amount === 0 ? null : amount;
}

function convert(get: SourceRecord, position: SourcePosition, out: SourceCollector): void {
  const types = splitList(get("recipientTypes"));
  if (types.length === 0) {
    out.skip(SKIPPED_NO_TYPE);
    return;
  }
  if (!types.some(isPublicBodyType)) {
    out.skip(SKIPPED_PRIVATE);
    return;
  }
  const id = textOf(get("id"));
  if (!id) {
    out.reject(position, "ID_Incentivo", "identificativo dell'incentivo mancante");
    return;
  }
  const title = textOf(get("title"));
  if (!title) {
    out.reject(position, "Titolo", "titolo mancante");
    return;
  }
  const issuer = textOf(get("issuer"));
  if (!issuer) {
    out.reject(position, "Soggetto_Concedente", "soggetto concedente mancante");
    return;
  }
  const regions = readRegions(splitList(get("regions")));
  if ("unknown" in regions) {
    out.reject(position, "Regioni", `regione non riconosciuta: ${regions.unknown.map((r) => `"${r}"`).join(", ")}`);
    return;
  }
  if (regions.codes.length > 0 && !regions.codes.includes(LOMBARDY_REGION_CODE)) {
    out.skip(SKIPPED_OTHER_REGIONS);
    return;
  }
  const period = out.readPeriod(position, { field: "Data_apertura", value: get("opens") }, { field: "Data_chiusura", value: get("closes") });
  if (!period) return;
  const { opens, closes } = period;

  const suggerimenti: string[] = [];
  const budgetText = textOf(get("budget"));
  const budget = amountOrNull(get("budget"));
  if (budgetText && budget === null) suggerimenti.push(`Stanziamento indicato dalla fonte: "${budgetText}".`);
  const minGrant = amountOrNull(get("minGrant"));
  const maxGrant = amountOrNull(get("maxGrant"));
  const comuni = splitList(get("comuni"));
  if (comuni.length > 0) {
    const shown = comuni.slice(0, 20).join("; ");
    const more = comuni.length > 20 ? ` e altri ${comuni.length - 20}` : "";
    suggerimenti.push(`Comuni indicati dalla fonte (solo nomi, da tradurre in codici ISTAT): ${shown}${more}.`);
  }
  const dateNotes = textOf(get("dateNotes"));
  if (dateNotes) suggerimenti.push(`Note su apertura e chiusura: ${dateNotes}`);
  if (!closes) suggerimenti.push("Nessuna data di chiusura: trattato come incentivo a sportello.");

  const rawDescription = get("description");
  const description = typeof rawDescription === "string" ? rawDescription.trim() : textOf(rawDescription);
  const goals = splitList(get("goals"));
  const call: RawCall = {
    idFonte: id,
    titolo: title,
    ente: issuer,
    livelloEnte: issuerLevel(issuer),
    descrizione: [description, goals.length > 0 ? `Finalità: ${goals.join(", ")}.` : ""].filter(Boolean).join("\n\n") || null,
    url: safeUrl(get("link")),
    temi: [],
    beneficiari: beneficiariesOfTypes(types),
    territorio: regions.codes.length > 0 ? { regioni: regions.codes } : null,
    dotazione: budget,
    importoMin: minGrant,
    importoMax: maxGrant,
    // The export stores plain dates as midnight timestamps (`2024-02-23T00:00:00`).
    apertura: opens ? calendarDayIfMidnight(opens) : null,
    scadenza: closes ? calendarDayIfMidnight(closes) : null,
    procedura: closes ? null : "sportello",
  };
  if (suggerimenti.length > 0) call.suggerimenti = suggerimenti;
  out.add(position, call, "ID_Incentivo");
}

function parseSolrJson(text: string, file: string, out: SourceCollector): number {
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`JSON non valido: ${(error as Error).message}`, { file });
  }
  const response = isRecord(data) ? own(data, "response") : undefined;
  const docs = Array.isArray(data) ? data : isRecord(response) ? own(response, "docs") : undefined;
  if (!Array.isArray(docs)) throw new InputError('risposta Solr non riconosciuta: manca "response.docs"', { file });
  docs.forEach((doc: unknown, index) => {
    if (!isRecord(doc)) {
      out.reject({ index }, undefined, "l'elemento non è un oggetto JSON");
      return;
    }
    const byKey = new Map(Object.entries(doc).map(([key, value]) => [fieldKey(key), value]));
    convert((field) => byKey.get(FIELDS[field]), { index }, out);
  });
  return docs.length;
}

function parseCsvExport(text: string, file: string, out: SourceCollector): number {
  const table = readCsv(text, { file, delimiter: "," });
  const columns = new Map<string, number>();
  table.header.forEach((name, index) => {
    const key = fieldKey(name);
    if (!columns.has(key)) columns.set(key, index);
  });
  const missing = REQUIRED_CSV_COLUMNS.filter((field) => !columns.has(FIELDS[field]));
  if (missing.length > 0) {
    throw new InputError(`intestazione non riconosciuta: mancano le colonne ${missing.map((f) => `"${FIELDS[f]}"`).join(", ")}`, {
      file,
      line: 1,
    });
  }
  for (const row of table.rows) {
    convert(
      (field) => {
        const index = columns.get(FIELDS[field]);
        return index === undefined ? undefined : row.cells[index];
      },
      { line: row.line },
      out,
    );
  }
  return table.rows.length;
}

export function parseIncentiviGov(input: Uint8Array, context: AdapterContext): ParsedSource {
  const file = context.file;
  ensureInputSize(input, file);
  const text = decodeText(input, "auto");
  if (text.trim() === "") throw new InputError("il file è vuoto", { file });
  const out = new SourceCollector("incentivi-gov");
  const first = text.trimStart()[0];
  const read = first === "{" || first === "[" ? parseSolrJson(text, file, out) : parseCsvExport(text, file, out);
  return out.result(read);
}

export const incentiviGovAdapter: SourceAdapter = {
  source: "incentivi-gov",
  label: "incentivi.gov.it — catalogo degli incentivi (CSV o JSON Solr)",
  mediaTypes: ["text/csv", "application/csv", "application/json", "text/plain"],
  parse: parseIncentiviGov,
};
