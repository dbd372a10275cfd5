import { FUNDING_STATUS_BY_CODE, measureNumberOf } from "~/domain/funding";
import type { FundingStatus } from "~/domain/profile";
import { parseEuroAmount, toCents } from "~/domain/programme";
import { squashWhitespace } from "~/domain/text";
import { cell, decodeText, locateColumns, readCsv } from "~/lib/csv";
import type { ParseResult, ParsedRecord, RunReject } from "./types";

/**
 * PA digitale 2026 funded applications, `candidature_finanziate_<misura>.csv`, any measure
 * (SOURCES.md): comma-separated UTF-8 with a header row. Columns read: `codice_ipa, ente,
 * tipologia_ente, comune, cod_comune, provincia, cod_regione, importo_finanziamento, avviso,
 * data_invio_candidatura, data_finanziamento, codice_cup, numero_finestra_temporale,
 * decreto_finanziamento, stato_candidatura, data_stato_candidatura, misura`.
 *
 * Only `tipologia_ente = Comuni` rows are funding history of a comune; rows of other entity
 * types (schools, ASL, universities, unions…) are returned as `altro-ente` so the run can count
 * them. `cod_comune` can be `N/D` for comuni that no longer exist or are newer than the list the
 * source uses (seen in the Lombardy files): the applier places those by name and province.
 */
export interface FundingApplicationRow {
  entityType: "comune";
  /** 6-digit ISTAT code, or null when the source says `N/D`. */
  istat: string | null;
  comuneName: string;
  provinceSigla: string;
  regionCode: string;
  ipaCode: string;
  entityName: string;
  measure: string;
  measureName: string;
  notice: string;
  window: string;
  amountCents: number;
  status: FundingStatus;
  appliedAt: string | null;
  fundedOn: string | null;
  statusDate: string | null;
  cup: string | null;
  decree: string | null;
}

export interface OtherEntityRow {
  entityType: "altro-ente";
  /** `tipologia_ente` as written (Scuole, ASL, Altri Enti, …). */
  tipologia: string;
}

export type CandidaturaRecord = FundingApplicationRow | OtherEntityRow;

const COLUMNS = {
  ipa: { names: ["codice_ipa"], required: false },
  entity: { names: ["ente"], required: true },
  entityType: { names: ["tipologia_ente"], required: true },
  comune: { names: ["comune"], required: true },
  istat: { names: ["cod_comune"], required: true },
  province: { names: ["provincia"], required: false },
  regionCode: { names: ["cod_regione"], required: false },
  amount: { names: ["importo_finanziamento"], required: true },
  notice: { names: ["avviso"], required: true },
  appliedAt: { names: ["data_invio_candidatura"], required: false },
  fundedOn: { names: ["data_finanziamento"], required: false },
  cup: { names: ["codice_cup"], required: false },
  window: { names: ["numero_finestra_temporale"], required: false },
  decree: { names: ["decreto_finanziamento"], required: false },
  status: { names: ["stato_candidatura"], required: true },
  statusDate: { names: ["data_stato_candidatura"], required: false },
  measure: { names: ["misura"], required: false },
} as const;

const COMUNI_TYPE = "comuni";

/** `2022-09-12` → itself; anything else that is not a real date → undefined. */
export function parseIsoDate(text: string): string | null | undefined {
  if (text === "") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text ? text : undefined;
}

/** `2022-09-12T14:32:41.000+0000` (or any ISO offset form) → `2022-09-12T14:32:41.000Z`. */
export function parseTimestamp(text: string): string | null | undefined {
  if (text === "") return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m || parseIsoDate(m[1]!) === undefined) return undefined;
  const zone = m[3] === undefined ? "Z" : m[3] === "Z" ? "Z" : m[3].replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const instant = new Date(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** The source writes floats (`79922.0`); Italian-formatted amounts are tolerated too. */
function parseAmountCents(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 100);
  const parsed = parseEuroAmount(text);
  return "value" in parsed && parsed.value !== null ? toCents(parsed.value) : undefined;
}

export function parseCandidaturePadigitale(input: Uint8Array | string, file = "input"): ParseResult<CandidaturaRecord> {
  const text = typeof input === "string" ? input.replace(/^\ufeff/, "") : decodeText(input, "auto");
  const table = readCsv(text, { file });
  const col = locateColumns(table.header, COLUMNS, file);
  const records: ParsedRecord<CandidaturaRecord>[] = [];
  const rejects: RunReject[] = [];
  for (const row of table.rows) {
    const reject = (field: string, reason: string) => rejects.push({ line: row.line, field, reason });
    const tipologia = squashWhitespace(cell(row, col.entityType));
    if (tipologia.toLowerCase() !== COMUNI_TYPE) {
      if (tipologia === "") {
        reject("tipologia_ente", "tipologia dell'ente mancante");
        continue;
      }
      records.push({ line: row.line, value: { entityType: "altro-ente", tipologia } });
      continue;
    }
    const istatText = cell(row, col.istat);
    const istat = /^\d{6}$/.test(istatText) ? istatText : null;
    if (istat === null && !/^(n\/?d|n\.d\.|)$/i.test(istatText)) {
      reject("cod_comune", `codice ISTAT non valido: "${istatText}"`);
      continue;
    }
    const comuneName = squashWhitespace(cell(row, col.comune));
    if (istat === null && comuneName === "") {
      reject("comune", "né codice ISTAT né nome del comune");
      continue;
    }
    const amountText = cell(row, col.amount);
    const amountCents = parseAmountCents(amountText);
    if (amountCents === undefined) {
      reject("importo_finanziamento", `importo non valido: "${amountText}"`);
      continue;
    }
    const statusText = cell(row, col.status).toUpperCase();
    const status = FUNDING_STATUS_BY_CODE[statusText];
    if (!status) {
      reject("stato_candidatura", `stato non valido: "${cell(row, col.status)}" (ammessi: A, R, E)`);
      continue;
    }
    const notice = squashWhitespace(cell(row, col.notice));
    if (notice === "") {
      reject("avviso", "avviso mancante");
      continue;
    }
    const measureText = squashWhitespace(cell(row, col.measure));
    const measure = measureNumberOf(measureText) ?? measureNumberOf(notice);
    if (!measure) {
      reject("misura", `misura non riconosciuta: "${measureText || notice}"`);
      continue;
    }
    const appliedAt = parseTimestamp(cell(row, col.appliedAt));
    if (appliedAt === undefined) {
      reject("data_invio_candidatura", `data non valida: "${cell(row, col.appliedAt)}"`);
      continue;
    }
    const dates: Record<"fundedOn" | "statusDate", string | null> = { fundedOn: null, statusDate: null };
    let badDate = false;
    for (const [key, field] of [
      ["fundedOn", "data_finanziamento"],
      ["statusDate", "data_stato_candidatura"],
    ] as const) {
      const value = parseIsoDate(cell(row, col[key]));
      if (value === undefined) {
        reject(field, `data non valida: "${cell(row, col[key])}" (atteso AAAA-MM-GG)`);
        badDate = true;
        break;
      }
      dates[key] = value;
    }
    if (badDate) continue;
    records.push({
      line: row.line,
      value: {
        entityType: "comune",
        istat,
        comuneName,
        provinceSigla: cell(row, col.province).toUpperCase(),
        regionCode: cell(row, col.regionCode),
        ipaCode: cell(row, col.ipa),
        entityName: squashWhitespace(cell(row, col.entity)),
        measure,
        measureName: measureText.replace(/^\s*\d+(?:\.\d+)*\s*/, "") || measure,
        notice,
        window: cell(row, col.window),
        amountCents,
        status,
        appliedAt,
        fundedOn: dates.fundedOn,
        statusDate: dates.statusDate,
        cup: cell(row, col.cup) || null,
        decree: squashWhitespace(cell(row, col.decree)) || null,
      },
    });
  }
  return { records, rejects, read: table.rows.length };
}
