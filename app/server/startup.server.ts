import { getDb, type Db } from "~db/client.server";
import { ensureSeeded, type SeedReport } from "~db/seed/index.server";
import { markInterruptedRuns } from "~/data/runs.server";
import { sessionSecret } from "~/data/settings.server";
import { getEnv } from "~/env.server";

export interface StartupReport extends SeedReport {
  interruptedRuns: number;
}

/**
 * What `npm start` does before serving: open and migrate the database, close runs a dead
 * process left open, load the comuni and themes on first start, make the session secret.
 */
export function prepareDatabase(db: Db = getDb()): StartupReport {
  const interruptedRuns = markInterruptedRuns(db);
  const seeded = ensureSeeded(db);
  sessionSecret(db, getEnv().SESSION_SECRET);
  return { ...seeded, interruptedRuns };
}
