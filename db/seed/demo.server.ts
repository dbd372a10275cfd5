import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeTransaction, type Db } from "../client.server";
import { projectRoot } from "../paths.server";
import { countCalls } from "~/data/calls.server";
import { getSetting } from "~/data/settings.server";
import { daysBetweenKeys, shiftCallDates } from "~/domain/demo-dates";
import { romeDateKey } from "~/domain/time";
import { parseBandoJson } from "~/ingestion/adapters/bando-json";
import { ingestParsedSync } from "~/ingestion/pipeline.server";
import { settings } from "../schema";

/**
 * The demo set (db/seed/demo/bandi-demo.json, canonical bando-json, fonte `demo`): loaded and
 * published on a fresh database by the first-start seed. Its dates are written relative to
 * `dataRiferimento` and shifted to the day of loading (app/domain/demo-dates.ts), so the demo
 * always shows open, upcoming and closed calls. The calls are examples, not official notices:
 * the UI marks the `demo` source as such. `DEMO_DATA=off` skips it.
 */

export const DEMO_FILE = join("db", "seed", "demo", "bandi-demo.json");
const LOADED_KEY = "demo.loaded";

export function demoDocument(now: Date): Uint8Array {
  const doc = JSON.parse(readFileSync(join(projectRoot(), DEMO_FILE), "utf8")) as { dataRiferimento: string; bandi: object[] };
  const days = daysBetweenKeys(doc.dataRiferimento, romeDateKey(now));
  return Buffer.from(JSON.stringify({ ...doc, bandi: doc.bandi.map((b) => shiftCallDates(b, days)) }));
}

/** Loads the demo once, on a database without calls; returns how many calls it created. */
export function ensureDemoCalls(db: Db, now = new Date()): number {
  if (process.env.DEMO_DATA === "off" || getSetting(db, LOADED_KEY) || countCalls(db) > 0) return 0;
  const parsed = parseBandoJson(demoDocument(now), "bandi-demo.json");
  const summary = ingestParsedSync(db, parsed, { source: "bando-json", input: "dati dimostrativi", publish: true, actor: "demo", now });
  writeTransaction(db, (tx) =>
    tx.insert(settings).values({ key: LOADED_KEY, value: now.toISOString(), updatedAt: now.toISOString() }).onConflictDoNothing().run(),
  );
  return summary.created;
}
