/**
 * npm run match
 * Full re-match of every comune against every open or upcoming published call, with a progress
 * bar and a summary (docs/decisions/0060-match-store.md). Exit 0 when the run completed, 1 when
 * it failed (nothing written: the previous matches stay), 2 on wrong usage.
 */
import { openDatabase } from "~db/client.server";
import { defaultDatabasePath } from "~db/paths.server";
import { ensureSeeded } from "~db/seed/index.server";
import { cliArgs } from "~/cli/args.server";
import { progressBar } from "~/cli/progress.server";
import { describeMatchRun, rematchAll } from "~/jobs/match.server";

const usage = "Uso: npm run match";
cliArgs({}, usage);

const db = openDatabase(defaultDatabasePath());
ensureSeeded(db);
const bar = progressBar("abbinamento", { logSteps: true });
const summary = rematchAll(db, { trigger: "cli", onProgress: (done, total) => bar.update(done, total) });
bar.stop();
const lines = [
  describeMatchRun(summary),
  `  esecuzione:         ${summary.runId} (${summary.status})`,
  `  versione:           ${summary.versionTag}`,
  `  valutato al:        ${summary.evaluatedAt}`,
  `  bandi abbinabili:   ${summary.calls}`,
  `  comuni:             ${summary.comuni}`,
  `  coppie esaminate:   ${summary.pairsConsidered}`,
  `  idonei:             ${summary.eligible}`,
  `  forma associata:    ${summary.associated}`,
  `  righe scritte:      ${summary.written}`,
  `  righe rimosse:      ${summary.deleted}`,
  `  durata:             ${summary.seconds} s`,
];
if (summary.error) lines.push(`  errore: ${summary.error}`);
console.log(lines.join("\n"));
db.$client.close();
process.exit(summary.status === "completato" ? 0 : 1);
