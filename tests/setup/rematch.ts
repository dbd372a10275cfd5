import { eq } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { comuni } from "~db/schema";

/** What the matching job does after a re-match: clears every comune's flag. */
export function clearRematch(db: Db): void {
  db.update(comuni).set({ rematchPending: false }).where(eq(comuni.rematchPending, true)).run();
}

/** The comuni marked for re-matching, sorted. */
export function pendingRematch(db: Db): string[] {
  return db
    .select({ istat: comuni.istat })
    .from(comuni)
    .where(eq(comuni.rematchPending, true))
    .all()
    .map((r) => r.istat)
    .sort();
}
