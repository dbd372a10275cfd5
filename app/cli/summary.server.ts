import type { RunCounts } from "~/data/runs.server";

export interface PrintableSummary extends RunCounts {
  kind: string;
  input: string;
  status: string;
  error?: string;
}

/** The summary of API.md: letti, nuovi, aggiornati, invariati, scartati, and each reject. */
export function formatSummary(summary: PrintableSummary): string {
  const lines = [
    `${summary.kind} — ${summary.input}: ${summary.status}`,
    `  letti:      ${summary.read}`,
    `  nuovi:      ${summary.created}`,
    `  aggiornati: ${summary.updated}`,
    `  invariati:  ${summary.unchanged}`,
    `  scartati:   ${summary.rejected}`,
  ];
  for (const r of summary.rejects) {
    const where = r.line !== undefined ? `riga ${r.line}` : r.index !== undefined ? `elemento ${r.index}` : "";
    lines.push(`    ${[where, r.field ? `[${r.field}]` : ""].filter(Boolean).join(" ")}: ${r.reason}`);
  }
  const changes = summary.details?.clusterChanges;
  if (Array.isArray(changes) && changes.length > 0) {
    lines.push(`  cambi di fascia: ${changes.length}`);
    for (const c of changes as { istat: string; name: string; from: string; to: string; population: number }[]) {
      lines.push(`    ${c.istat} ${c.name}: ${c.from} → ${c.to} (${c.population} abitanti)`);
    }
  }
  const suppressed = summary.details?.suppressed;
  if (Array.isArray(suppressed) && suppressed.length > 0) {
    lines.push(`  comuni cessati: ${suppressed.length}`);
    for (const c of suppressed as { istat: string; name: string; successor: string | null }[]) {
      lines.push(`    ${c.istat} ${c.name} → ${c.successor ?? "successore non individuato"}`);
    }
  }
  const skipped = summary.details?.skippedOtherRegions;
  if (typeof skipped === "number" && skipped > 0) lines.push(`  righe di altre regioni ignorate: ${skipped}`);
  const info = summary.details?.info;
  if (Array.isArray(info)) for (const line of info) lines.push(`  ${String(line)}`);
  const warnings = summary.details?.warnings;
  if (Array.isArray(warnings)) for (const w of warnings) lines.push(`  avviso: ${String(w)}`);
  if (summary.error) lines.push(`  errore: ${summary.error}`);
  return lines.join("\n");
}
