import { cell, decodeText, locateColumns, readCsv } from "~/lib/csv";
import { InputError } from "~/lib/errors";
import { squashWhitespace } from "~/domain/text";
import type { ParseResult, RunReject } from "./types";

/**
 * ISTAT "Elenco comuni italiani" (SOURCES.md): `;`-separated, windows-1252, CRLF, two header
 * names with a newline inside quotes. Columns are found by name, so older and newer editions
 * (with or without "Popolazione legale 2011") both load.
 */
export interface IstatComuneRecord {
  istat: string;
  name: string;
  regionCode: string;
  regionName: string;
  sigla: string;
  isCapoluogo: boolean;
  cadastralCode: string | null;
  /** Only in older editions ("Popolazione legale 2011 (09/10/2011)"). */
  population2011: number | null;
}

const COLUMNS = {
  regionCode: { names: ["Codice Regione"], required: true },
  istat: { names: ["Codice Comune formato alfanumerico"], required: true },
  name: { names: ["Denominazione in italiano", "Denominazione italiano"], required: true },
  regionName: { names: ["Denominazione Regione"], required: false },
  sigla: { names: ["Sigla automobilistica"], required: true },
  capoluogo: { names: ["Flag Comune capoluogo di provincia"], required: false },
  cadastral: { names: ["Codice Catastale del comune", "Codice Catastale"], required: false },
  population: { names: ["Popolazione legale 2011"], required: false },
} as const;

export function parseIstatComuni(input: Uint8Array | string, file = "input"): ParseResult<IstatComuneRecord> {
  const text = typeof input === "string" ? input : decodeText(input, "windows-1252");
  const table = readCsv(text, { delimiter: ";", file });
  const col = locateColumns(table.header, COLUMNS, file);
  const records: ParseResult<IstatComuneRecord>["records"] = [];
  const rejects: RunReject[] = [];

  for (const row of table.rows) {
    if (row.cells.every((c) => c.trim() === "")) continue;
    const reject = (field: string, reason: string) => rejects.push({ line: row.line, field, reason });
    const istat = cell(row, col.istat);
    const name = squashWhitespace(cell(row, col.name));
    const regionCode = cell(row, col.regionCode).padStart(2, "0");
    const sigla = cell(row, col.sigla).toUpperCase();
    if (!/^\d{6}$/.test(istat)) {
      reject("Codice Comune formato alfanumerico", `codice ISTAT non valido: "${istat}" (servono 6 cifre)`);
      continue;
    }
    if (!name) {
      reject("Denominazione in italiano", "denominazione mancante");
      continue;
    }
    if (!/^\d{2}$/.test(regionCode)) {
      reject("Codice Regione", `codice regione non valido: "${regionCode}"`);
      continue;
    }
    if (!/^[A-Z]{2}$/.test(sigla)) {
      reject("Sigla automobilistica", `sigla automobilistica non valida: "${sigla}"`);
      continue;
    }
    let population2011: number | null = null;
    const rawPopulation = cell(row, col.population);
    if (rawPopulation) {
      const digits = rawPopulation.replace(/\./g, "");
      if (!/^\d+$/.test(digits)) {
        reject("Popolazione legale 2011", `popolazione non numerica: "${rawPopulation}"`);
        continue;
      }
      population2011 = Number(digits);
    }
    records.push({
      line: row.line,
      value: {
        istat,
        name,
        regionCode,
        regionName: squashWhitespace(cell(row, col.regionName)),
        sigla,
        isCapoluogo: cell(row, col.capoluogo) === "1",
        cadastralCode: cell(row, col.cadastral) || null,
        population2011,
      },
    });
  }
  if (table.rows.length > 0 && records.length === 0 && rejects.length === 0) {
    throw new InputError("nessun comune nel file", { file });
  }
  return { records, rejects, read: table.rows.length };
}
