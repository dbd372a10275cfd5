import { cell, decodeText, locateColumns, readCsv } from "~/lib/csv";
import { squashWhitespace } from "~/domain/text";
import type { ParseResult, ParsedRecord, RunReject } from "./types";

/**
 * ANPR monthly resident population (`popolazione_residente_<YYYY>_export.csv`):
 * `MESE,ANNO,REGIONE,PROVINCIA,COD_ISTAT_COMUNE,COMUNE,RESIDENTI`, several months per file.
 */
export interface AnprPopulationRecord {
  istat: string;
  name: string;
  provinceName: string;
  regionName: string;
  year: number;
  month: number;
  residents: number;
}

const COLUMNS = {
  month: { names: ["MESE"], required: true },
  year: { names: ["ANNO"], required: true },
  region: { names: ["REGIONE"], required: false },
  province: { names: ["PROVINCIA"], required: false },
  istat: { names: ["COD_ISTAT_COMUNE"], required: true },
  name: { names: ["COMUNE"], required: true },
  residents: { names: ["RESIDENTI"], required: true },
} as const;

export function parseAnprPopulation(input: Uint8Array | string, file = "input"): ParseResult<AnprPopulationRecord> {
  const text = typeof input === "string" ? input : decodeText(input, "auto");
  const table = readCsv(text, { file });
  const col = locateColumns(table.header, COLUMNS, file);
  const records: ParsedRecord<AnprPopulationRecord>[] = [];
  const rejects: RunReject[] = [];
  for (const row of table.rows) {
    const reject = (field: string, reason: string) => rejects.push({ line: row.line, field, reason });
    const istat = cell(row, col.istat).padStart(6, "0");
    const month = Number(cell(row, col.month));
    const year = Number(cell(row, col.year));
    const residentsText = cell(row, col.residents);
    if (!/^\d{6}$/.test(istat)) {
      reject("COD_ISTAT_COMUNE", `codice ISTAT non valido: "${cell(row, col.istat)}"`);
      continue;
    }
    if (!Number.isInteger(month) || month < 1 || month > 12) {
      reject("MESE", `mese non valido: "${cell(row, col.month)}"`);
      continue;
    }
    if (!Number.isInteger(year) || year < 1900 || year > 2200) {
      reject("ANNO", `anno non valido: "${cell(row, col.year)}"`);
      continue;
    }
    if (!/^\d+$/.test(residentsText)) {
      reject("RESIDENTI", `numero di residenti non valido: "${residentsText}"`);
      continue;
    }
    records.push({
      line: row.line,
      value: {
        istat,
        name: squashWhitespace(cell(row, col.name)),
        provinceName: squashWhitespace(cell(row, col.province)),
        regionName: squashWhitespace(cell(row, col.region)),
        year,
        month,
        residents: Number(residentsText),
      },
    });
  }
  return { records, rejects, read: table.rows.length };
}

/** Keeps, for each comune, the row of the latest month in the file. */
export function latestPerComune(records: ParsedRecord<AnprPopulationRecord>[]): ParsedRecord<AnprPopulationRecord>[] {
  const latest = new Map<string, ParsedRecord<AnprPopulationRecord>>();
  for (const record of records) {
    const current = latest.get(record.value.istat);
    const key = record.value.year * 100 + record.value.month;
    if (!current || key >= current.value.year * 100 + current.value.month) latest.set(record.value.istat, record);
  }
  return [...latest.values()];
}
