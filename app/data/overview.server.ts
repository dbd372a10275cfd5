import { eq } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { comuni, userComuni, users } from "~db/schema";
import { comuniWithoutOpenMatch, type OverviewCall, type OverviewComune, type OverviewUser, type UnmatchedComune } from "~/domain/overview";
import { getCatalogue } from "./calls-search.server";
import { fundingTotals } from "./funding.server";
import { istatOfKey } from "./matches.server";
import { callStatus } from "~/domain/call";

/**
 * What the regional overview (/panoramica) reads: the published catalogue (already in memory),
 * the active comuni, funding totals and accounts — four queries, whatever the size of the region.
 */

export function overviewCalls(db: Db, now: Date): OverviewCall[] {
  return getCatalogue(db).entries.map(({ call }) => ({ themes: call.themes, issuerLevel: call.issuerLevel, budget: call.budget, status: callStatus(call, now) }));
}

export function overviewComuni(db: Db): OverviewComune[] {
  return db
    .select({ istat: comuni.istat, sizeCluster: comuni.sizeCluster, provinceSigla: comuni.provinceSigla })
    .from(comuni)
    .where(eq(comuni.suppressed, false))
    .all();
}

/** Funds obtained (assigned or paid) per comune, in cents. */
export function obtainedByComune(db: Db): Map<string, number> {
  const totals = new Map<string, number>();
  for (const t of fundingTotals(db)) totals.set(t.istat, (totals.get(t.istat) ?? 0) + t.obtainedCents);
  return totals;
}

/** Accounts for the engagement indicators: active = password set and not disabled. No e-mail addresses leave this function. */
export function overviewUsers(db: Db): OverviewUser[] {
  const rows = db.select({ id: users.id, role: users.role, passwordHash: users.passwordHash, disabledAt: users.disabledAt }).from(users).all();
  const served = new Map<number, string[]>();
  for (const r of db.select({ userId: userComuni.userId, istat: userComuni.istat }).from(userComuni).all()) {
    served.set(r.userId, [...(served.get(r.userId) ?? []), r.istat]);
  }
  return rows.map((r) => ({ role: r.role, active: r.passwordHash !== null && r.disabledAt === null, comuni: served.get(r.id) ?? [] }));
}

/** Open matches and their claimable total per comune (one grouped query over the match store). */
export function openMatchesByComune(db: Db, now: Date): Map<string, { matches: number; claimable: number }> {
  const open = getCatalogue(db)
    .entries.filter(({ call }) => callStatus(call, now) === "aperto")
    .map(({ call }) => call.id);
  const rows = db.$client
    .prepare("SELECT comune, count(*) AS n, coalesce(sum(claimable), 0) AS claimable FROM matches WHERE call_id IN (SELECT value FROM json_each(?)) GROUP BY comune")
    .all(JSON.stringify(open)) as { comune: number; n: number; claimable: number }[];
  return new Map(rows.map((r) => [istatOfKey(r.comune), { matches: r.n, claimable: r.claimable }]));
}

/** Names of comuni (for the list of those without open matches). */
export function comuneNames(db: Db): Map<string, { name: string; population: number }> {
  return new Map(
    db
      .select({ istat: comuni.istat, name: comuni.name, population: comuni.population })
      .from(comuni)
      .where(eq(comuni.suppressed, false))
      .all()
      .map((c) => [c.istat, { name: c.name, population: c.population }]),
  );
}

/** Every active comune with no open matched call, most populous first (the overview's CSV). */
export function unmatchedComuni(db: Db, now: Date): UnmatchedComune[] {
  return comuniWithoutOpenMatch(overviewComuni(db), openMatchesByComune(db, now), comuneNames(db));
}
