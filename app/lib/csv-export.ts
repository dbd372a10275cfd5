/**
 * CSV for people who open it in Excel: UTF-8 with BOM, `;` (the Italian Excel default), CRLF,
 * and formula-safe cells (SECURITY.md 14): a cell starting with = + - @, tab or CR gets a
 * leading apostrophe, so a spreadsheet shows it as text instead of running it.
 */
export function safeCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value !== "number" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const lines = [header, ...rows].map((r) => r.map(safeCell).join(";"));
  return `\ufeff${lines.join("\r\n")}\r\n`;
}
