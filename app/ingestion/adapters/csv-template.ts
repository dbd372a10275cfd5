import { decodeText, readCsv } from "~/lib/csv";
import type { RunReject } from "~db/schema/runs";
import { locateTemplateColumns, templateRowToRawCall, type TemplateCell, type TemplateKey } from "../template";
import type { ParsedSource, SourceAdapter } from "../types";

/**
 * `csv-template`: the curators' CSV template (Italian headers, one call per row; comma or
 * semicolon, UTF-8 with or without BOM, windows-1252 tolerated). Lines are the file's lines.
 */

export const MAX_TEMPLATE_ROWS = 100_000;

export function parseCsvTemplate(input: Uint8Array | string, file = "bandi.csv"): ParsedSource {
  const table = readCsv(decodeText(input), { file });
  const columns = locateTemplateColumns(table.header, file);
  const items: ParsedSource["items"] = [];
  const rejects: RunReject[] = [];
  let read = 0;
  for (const row of table.rows) {
    if (row.cells.every((c) => c.trim() === "")) continue;
    read++;
    if (read > MAX_TEMPLATE_ROWS) {
      rejects.push({ line: row.line, reason: `oltre ${MAX_TEMPLATE_ROWS} righe: il resto del file non è stato letto` });
      break;
    }
    const cells: Partial<Record<TemplateKey, TemplateCell>> = {};
    for (const [key, index] of Object.entries(columns) as [TemplateKey, number][]) cells[key] = row.cells[index] ?? null;
    const result = templateRowToRawCall(cells);
    if (result.ok) items.push({ position: { line: row.line }, call: result.call });
    else rejects.push({ line: row.line, field: result.field, reason: result.reason });
  }
  return { fonte: "csv-template", items, rejects, read };
}

export const csvTemplateAdapter: SourceAdapter = {
  source: "csv-template",
  label: "Modello CSV della redazione",
  mediaTypes: ["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"],
  parse: (input, context) => parseCsvTemplate(input, context.file),
};
