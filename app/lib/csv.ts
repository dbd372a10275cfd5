import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { InputError } from "./errors";

export type TextEncoding = "utf-8" | "windows-1252";

/**
 * Decodes a file to text. UTF-8 with or without BOM; windows-1252 when asked (ISTAT files).
 * With `auto`, invalid UTF-8 falls back to windows-1252.
 */
export function decodeText(input: Uint8Array | string, encoding: TextEncoding | "auto" = "auto"): string {
  if (typeof input === "string") return input.replace(/^\ufeff/, "");
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (encoding === "windows-1252") return iconv.decode(bytes, "win1252").replace(/^\ufeff/, "");
  const text = bytes.toString("utf8");
  if (encoding === "auto" && text.includes("\ufffd") && !isValidUtf8(bytes)) {
    return iconv.decode(bytes, "win1252").replace(/^\ufeff/, "");
  }
  return text.replace(/^\ufeff/, "");
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Picks `;`, `,` or tab by counting them in the first line outside quotes. */
export function detectDelimiter(text: string): ";" | "," | "\t" {
  const counts = { ";": 0, ",": 0, "\t": 0 };
  let inQuotes = false;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === "\n" || ch === "\r")) break;
    else if (!inQuotes && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts[";"] >= counts[","] && counts[";"] >= counts["\t"] && counts[";"] > 0) return ";";
  if (counts["\t"] > counts[","]) return "\t";
  return ",";
}

export interface CsvRow {
  /** 1-based line where the row starts in the file. */
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

/**
 * Parses CSV text (quotes, newlines inside quotes, CRLF). The first record is the header.
 * Throws InputError with the line when the text is not CSV at all.
 */
export function readCsv(text: string, options: { delimiter?: string; file?: string } = {}): CsvTable {
  const delimiter = options.delimiter ?? detectDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    throw new InputError(`file CSV non leggibile: ${e.message ?? String(error)}`, {
      file: options.file,
      line: e.lines,
    });
  }
  if (records.length === 0) throw new InputError("il file è vuoto", { file: options.file, line: 1 });
  const rows: CsvRow[] = records.map(({ record, info }) => {
    const innerBreaks = record.reduce((n, cell) => n + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
    return { line: info.lines - innerBreaks, cells: record };
  });
  const [head, ...body] = rows;
  return { header: head!.cells.map(normaliseHeader), rows: body };
}

/** Header names compared without case, accents, extra spaces or newlines. */
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\ufeff/, "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/**
 * Finds the columns a parser needs. Each wanted column lists acceptable header names (matched
 * after normaliseHeader, exactly or as a prefix). Missing required columns throw InputError.
 */
export function locateColumns<K extends string>(
  header: string[],
  wanted: Record<K, { names: readonly string[]; required: boolean }>,
  file?: string,
): Record<K, number | undefined> {
  const result = {} as Record<K, number | undefined>;
  const missing: string[] = [];
  for (const key of Object.keys(wanted) as K[]) {
    const spec = wanted[key];
    const names = spec.names.map(normaliseHeader);
    let index = header.findIndex((h) => names.includes(h));
    if (index < 0) index = header.findIndex((h) => names.some((n) => h.startsWith(n)));
    result[key] = index >= 0 ? index : undefined;
    if (index < 0 && spec.required) missing.push(spec.names[0]!);
  }
  if (missing.length > 0) {
    throw new InputError(`intestazione non riconosciuta: mancano le colonne ${missing.map((m) => `"${m}"`).join(", ")}`, {
      file,
      line: 1,
    });
  }
  return result;
}

export function cell(row: CsvRow, index: number | undefined): string {
  if (index === undefined) return "";
  return (row.cells[index] ?? "").trim();
}
