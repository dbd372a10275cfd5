/** npm run backup -- --to <file>: a consistent copy of the live database (API.md). */
import { openDatabase } from "~db/client.server";
import { defaultDatabasePath } from "~db/paths.server";
import { cliArgs } from "~/cli/args.server";
import { progressBar } from "~/cli/progress.server";
import { backupDatabase } from "~/jobs/backup.server";

const usage = "Uso: npm run backup -- --to <file>";
const args = cliArgs({ to: { type: "string" } }, usage);
if (!args.to) {
  console.error(usage);
  process.exit(2);
}
const db = openDatabase(defaultDatabasePath(), { migrate: false });
const bar = progressBar("backup");
try {
  const result = await backupDatabase(db, args.to, { onProgress: (done, total) => bar.update(done, total) });
  bar.stop();
  console.log(`Copia completata: ${result.path} (${result.pages} pagine, integrity_check ${result.integrity})`);
  process.exit(0);
} catch (error) {
  bar.stop();
  console.error(`Backup non riuscito: ${(error as Error).message}`);
  process.exit(1);
}
