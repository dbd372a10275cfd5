/**
 * CSV for exports (SECURITY.md 14, ASVS 1.2.10): a text cell that a spreadsheet would read as a
 * formula (starting with = + - @, tab or carriage return) gets a leading apostrophe; every cell
 * is quoted when it holds the delimiter, a quote or a line break. UTF-8 with a BOM, so Excel
 * reads accents right. Numbers stay numbers.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvCell(value: CsvValue, delimiter = ","): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "sì" : "no";
  const safe = neutraliseFormula(value);
  return safe.includes(delimiter) || /["\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: string[], rows: CsvValue[][], delimiter = ","): string {
  const lines = [header, ...rows].map((row) => row.map((v) => csvCell(v, delimiter)).join(delimiter));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** A download response for a CSV export. */
export function csvResponse(filename: string, body: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
