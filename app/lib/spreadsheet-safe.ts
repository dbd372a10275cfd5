/**
 * Writing CSV for people who open it in a spreadsheet (SECURITY.md 14): cells that a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading
 * apostrophe; every cell is quoted when needed; CRLF line ends; UTF-8 with BOM so that Excel
 * reads accents right.
 */

// A formula start, or apostrophes before one (so that a value that really starts with `'=`
// survives the round trip: it gets one more apostrophe, and restoring removes exactly one).
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse, for files we exported and curators bring back: `'=x` → `=x`. */
export function restoreNeutralised(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

export type CellValue = string | number | boolean | null | undefined;

export function csvCell(value: CellValue, delimiter = ","): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? neutraliseFormula(value) : String(value);
  return text.includes(delimiter) || /["\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CellValue[])[], options: { delimiter?: string; bom?: boolean } = {}): string {
  const delimiter = options.delimiter ?? ",";
  const body = rows.map((row) => row.map((c) => csvCell(c, delimiter)).join(delimiter)).join("\r\n");
  return `${options.bom === false ? "" : "\ufeff"}${body}\r\n`;
}
