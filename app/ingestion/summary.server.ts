import { formatSummary } from "~/cli/summary.server";
import type { IngestSummary } from "./pipeline.server";

/** The ingest summary of API.md, plus what ingestion adds: merged duplicates, pending reviews, skipped items. */
export function formatIngestSummary(summary: IngestSummary): string {
  const lines = [formatSummary(summary)];
  const d = summary.details as {
    merged?: { alias: string; into: string; reason: string }[];
    pending?: number;
    published?: number;
    skipped?: Record<string, number>;
  };
  if (d.published) lines.push(`  pubblicati:  ${d.published}`);
  if (d.pending) lines.push(`  modifiche di bandi pubblicati in attesa di revisione: ${d.pending}`);
  for (const m of d.merged ?? []) lines.push(`  duplicato: ${m.alias} unito a ${m.into} (${m.reason})`);
  for (const [reason, n] of Object.entries(d.skipped ?? {})) lines.push(`  esclusi (${reason}): ${n}`);
  return lines.join("\n");
}
