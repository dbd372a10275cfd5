import { inArray } from "drizzle-orm";
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
