import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { comuni } from "~db/schema";

const CHUNK = 500;

/**
 * The re-match hook (issue "Comune profiles", point 6): every profile change — programming,
 * maturity, funding history, aggregation membership, population — sets `rematch_pending` on the
 * comuni it affects; the matching job clears it once it has re-matched them. Call inside the
 * write transaction that makes the change.
 */
export function markForRematch(tx: Db, istats: Iterable<string>): number {
  const codes = [...new Set(istats)];
  let marked = 0;
  for (let i = 0; i < codes.length; i += CHUNK) {
    const chunk = codes.slice(i, i + CHUNK);
    marked += tx.update(comuni).set({ rematchPending: true }).where(inArray(comuni.istat, chunk)).run().changes;
  }
  return marked;
}

/** The comuni waiting for the matching job, by ISTAT code. */
export function comuniToRematch(db: Db): string[] {
  return db
    .select({ istat: comuni.istat })
    .from(comuni)
    .where(eq(comuni.rematchPending, true))
    .orderBy(asc(comuni.istat))
    .all()
    .map((r) => r.istat);
}

/** Clears the flag of the comuni the matching job re-matched (inside the job's transaction). */
export function clearComuniRematch(tx: Db, istats: Iterable<string> | "all"): number {
  if (istats === "all") return tx.update(comuni).set({ rematchPending: false }).where(eq(comuni.rematchPending, true)).run().changes;
  const codes = [...new Set(istats)];
  let cleared = 0;
  for (let i = 0; i < codes.length; i += CHUNK) {
    cleared += tx.update(comuni).set({ rematchPending: false }).where(inArray(comuni.istat, codes.slice(i, i + CHUNK))).run().changes;
  }
  return cleared;
}
