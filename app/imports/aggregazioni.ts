import { AGGREGATION_TYPE_LABELS, AGGREGATION_TYPES, type AggregationType } from "~/domain/taxonomy";
import { foldText, squashWhitespace } from "~/domain/text";
import { cell, decodeText, locateColumns, readCsv } from "~/lib/csv";
import type { ParseResult, ParsedRecord, RunReject } from "./types";

/**
 * Aggregations import (`--kind aggregazioni`, docs/decisions/0034): CSV, comma or semicolon
 * (detected), UTF-8 with or without BOM, one row per aggregation:
 * `nome,tipo,capofila,comuni` — `tipo` a key of AGGREGATION_TYPES (`unione-di-comuni`,
 * `comunita-montana`, `convenzione`, `altro`) or its Italian label; `capofila` the lead comune's
 * ISTAT code (optional, must be a member); `comuni` the members' ISTAT codes separated by `|`.
 * The natural key is the folded name: a known name updates type, lead and members.
 */
export interface AggregationImportRecord {
  name: string;
  type: AggregationType;
  leadIstat: string | null;
  members: string[];
}

const COLUMNS = {
  name: { names: ["nome"], required: true },
  type: { names: ["tipo"], required: true },
  lead: { names: ["capofila"], required: false },
  members: { names: ["comuni", "membri"], required: true },
} as const;

const TYPE_BY_TEXT = new Map<string, AggregationType>();
for (const t of AGGREGATION_TYPES) {
  TYPE_BY_TEXT.set(t, t);
  TYPE_BY_TEXT.set(foldText(AGGREGATION_TYPE_LABELS[t]), t);
}

export function parseAggregationType(text: string): AggregationType | undefined {
  return TYPE_BY_TEXT.get(foldText(text));
}

/** Spreadsheets drop leading zeros: 4–5 digit codes are padded back to 6. */
export function normaliseIstat(text: string): string | undefined {
  const t = text.trim();
  return /^\d{4,6}$/.test(t) ? t.padStart(6, "0") : undefined;
}

export function parseAggregazioni(input: Uint8Array | string, file = "input"): ParseResult<AggregationImportRecord> {
  const text = typeof input === "string" ? input.replace(/^\ufeff/, "") : decodeText(input, "auto");
  const table = readCsv(text, { file });
  const col = locateColumns(table.header, COLUMNS, file);
  const records: ParsedRecord<AggregationImportRecord>[] = [];
  const rejects: RunReject[] = [];
  for (const row of table.rows) {
    const reject = (field: string, reason: string) => rejects.push({ line: row.line, field, reason });
    const name = squashWhitespace(cell(row, col.name));
    if (name.length < 3 || name.length > 200) {
      reject("nome", name === "" ? "nome mancante" : `nome non valido: "${name.slice(0, 60)}" (da 3 a 200 caratteri)`);
      continue;
    }
    const type = parseAggregationType(cell(row, col.type));
    if (!type) {
      reject("tipo", `tipo non valido: "${cell(row, col.type)}" (ammessi: ${AGGREGATION_TYPES.join(", ")})`);
      continue;
    }
    const parts = cell(row, col.members)
      .split(/[|;,\s]+/)
      .filter((p) => p !== "");
    const bad = parts.filter((p) => !normaliseIstat(p));
    if (bad.length > 0) {
      reject("comuni", `codici ISTAT non validi: ${bad.map((b) => `"${b}"`).join(", ")}`);
      continue;
    }
    const members = [...new Set(parts.map((p) => normaliseIstat(p)!))];
    if (members.length === 0) {
      reject("comuni", "nessun comune aderente");
      continue;
    }
    const leadText = cell(row, col.lead);
    const leadIstat = leadText === "" ? null : (normaliseIstat(leadText) ?? "");
    if (leadIstat === "") {
      reject("capofila", `codice ISTAT del capofila non valido: "${leadText}"`);
      continue;
    }
    if (leadIstat !== null && !members.includes(leadIstat)) {
      reject("capofila", `il capofila ${leadIstat} non è tra i comuni aderenti`);
      continue;
    }
    records.push({ line: row.line, value: { name, type, leadIstat, members } });
  }
  return { records, rejects, read: table.rows.length };
}
