/**
 * Cells for people who open them in a spreadsheet (SECURITY.md 14, ASVS 1.2.10): the one place
 * that decides what a formula cell is. Every CSV and XLSX export goes through it (open data,
 * the curators' lists and templates, administration, aggregations), and so does the re-import of
 * the curators' templates (`restoreNeutralised`).
 *
 * The rule: a text cell that a spreadsheet would run as a formula (starting with = + - @, tab or
 * CR) gets a leading apostrophe. A text that already starts with apostrophes before such a
 * character gets one more, so that restoring (removing exactly one) gives every text back.
 *
 * CSV: every cell quoted when it holds the delimiter, a quote, a line break or outer spaces; CRLF
 * line ends; UTF-8 with a BOM so that Excel reads accents right. Numbers stay numbers.
 */

const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse, for files we exported and curators bring back: `'=x` → `=x`, `''=x` → `'=x`. */
export function restoreNeutralised(value: string): string {
  return NEUTRALISED.test(value) ? value.slice(1) : value;
}

export type CellValue = string | number | boolean | null | undefined;

export function csvCell(value: CellValue, delimiter = ","): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "sì" : "no";
  const safe = neutraliseFormula(value);
  return safe.includes(delimiter) || /["\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole CSV file: the header row, then the rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly CellValue[])[], options: { delimiter?: string } = {}): string {
  const delimiter = options.delimiter ?? ",";
  const lines = [header, ...rows].map((row) => row.map((v) => csvCell(v, delimiter)).join(delimiter));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** A download response for a CSV export (not cached unless `headers` says otherwise). */
export function csvResponse(filename: string, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
      ...headers,
    },
  });
}
