import { parseEuroAmount, parseInstrument, programmeItemInputSchema, splitThemes, type ProgrammeItemInput } from "~/domain/programme";
import { PROGRAMME_STATES, type ProgrammeState } from "~/domain/profile";
import { cell, decodeText, locateColumns, readCsv } from "~/lib/csv";
import type { ParseResult, ParsedRecord, RunReject } from "./types";

/**
 * Programming import (API.md): CSV, comma or semicolon (detected), UTF-8 with or without BOM,
 * one row per item: `istat,titolo,descrizione,temi,importo,annoInizio,annoFine,strumento`.
 * `temi` is a `|`-separated list of theme keys. An optional `stato` column (previsto, in-corso,
 * concluso) is accepted too; without it new items are `previsto` and existing ones keep theirs.
 * Natural key of an item: (istat, strumento, titolo folded) — docs/decisions/0030.
 */
export interface ProgrammeImportRecord {
  istat: string;
  item: Omit<ProgrammeItemInput, "state">;
  /** From the optional `stato` column; undefined keeps an existing item's state. */
  state: ProgrammeState | undefined;
}

const COLUMNS = {
  istat: { names: ["istat"], required: true },
  title: { names: ["titolo"], required: true },
  description: { names: ["descrizione"], required: false },
  themes: { names: ["temi"], required: true },
  amount: { names: ["importo"], required: false },
  startYear: { names: ["annoInizio", "anno inizio", "anno_inizio"], required: false },
  endYear: { names: ["annoFine", "anno fine", "anno_fine"], required: false },
  instrument: { names: ["strumento"], required: true },
  state: { names: ["stato"], required: false },
} as const;

const FIELD_NAMES: Record<string, string> = {
  title: "titolo",
  description: "descrizione",
  themes: "temi",
  amount: "importo",
  startYear: "annoInizio",
  endYear: "annoFine",
  instrument: "strumento",
  state: "stato",
};

function parseYear(text: string): number | null | string {
  if (text === "") return null;
  return /^\d{4}$/.test(text) ? Number(text) : text;
}

export function parseProgrammazione(input: Uint8Array | string, file = "input"): ParseResult<ProgrammeImportRecord> {
  const text = typeof input === "string" ? input.replace(/^\ufeff/, "") : decodeText(input, "auto");
  const table = readCsv(text, { file });
  const col = locateColumns(table.header, COLUMNS, file);
  const records: ParsedRecord<ProgrammeImportRecord>[] = [];
  const rejects: RunReject[] = [];
  for (const row of table.rows) {
    if (row.cells.every((c) => c.trim() === "")) continue;
    const reject = (field: string, reason: string) => rejects.push({ line: row.line, field, reason });
    const istatText = cell(row, col.istat);
    // Spreadsheets drop leading zeros ("16024"): 4–5 digits are padded back to 6.
    const istat = /^\d{4,6}$/.test(istatText) ? istatText.padStart(6, "0") : "";
    if (!istat) {
      reject("istat", `codice ISTAT non valido: "${istatText}" (servono 6 cifre)`);
      continue;
    }
    const { themes, unknown } = splitThemes(cell(row, col.themes));
    if (unknown.length > 0) {
      reject("temi", `tema sconosciuto: ${unknown.map((t) => `"${t}"`).join(", ")}`);
      continue;
    }
    const instrumentText = cell(row, col.instrument);
    const instrument = parseInstrument(instrumentText);
    if (!instrument) {
      reject("strumento", `strumento non valido: "${instrumentText}" (ammessi: DUP, PT-ICT, POP, altro)`);
      continue;
    }
    const amount = parseEuroAmount(cell(row, col.amount));
    if ("error" in amount) {
      reject("importo", amount.error);
      continue;
    }
    const stateText = cell(row, col.state).toLowerCase().replace(/\s+/g, "-");
    const state = PROGRAMME_STATES.find((s) => s === stateText);
    if (stateText !== "" && !state) {
      reject("stato", `stato non valido: "${cell(row, col.state)}" (ammessi: previsto, in-corso, concluso)`);
      continue;
    }
    const parsed = programmeItemInputSchema.safeParse({
      title: cell(row, col.title),
      description: cell(row, col.description) || null,
      themes,
      amount: amount.value,
      startYear: parseYear(cell(row, col.startYear)),
      endYear: parseYear(cell(row, col.endYear)),
      instrument,
      state: state ?? "previsto",
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = String(issue.path[0] ?? "");
      reject(FIELD_NAMES[key] ?? key, issue.message);
      continue;
    }
    const { state: _ignored, ...item } = parsed.data;
    records.push({ line: row.line, value: { istat, item, state } });
  }
  return { records, rejects, read: table.rows.length };
}
