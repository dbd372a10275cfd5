import { and, eq, inArray } from "drizzle-orm";
import { nowIso, writeTransaction, type Db } from "~db/client.server";
import { maturityEntries, type MaturityEntryRow } from "~db/schema";
import { inferMaturity } from "~/domain/maturity-inference";
import { MATURITY_KEYS, type MaturityEntry, type MaturityKey, type MaturityState } from "~/domain/profile";
import { fundingByComune } from "./funding.server";
import { markForRematch } from "./rematch.server";

/**
 * The digital-maturity checklist. A state is set by a person (shown as their role: `rtd` or
 * `redazione`; the user id is kept for audit only) or inferred from the funding history
 * (`inferito`). Inference never overwrites a state a person set (docs/decisions/0031).
 */

const KEY_ORDER = new Map<string, number>(MATURITY_KEYS.map((k, i) => [k, i]));
const isMaturityKey = (key: string): key is MaturityKey => KEY_ORDER.has(key);

export function toMaturityEntry(row: MaturityEntryRow): MaturityEntry | undefined {
  if (!isMaturityKey(row.key)) return undefined;
  return { key: row.key, state: row.state, date: row.date, setBy: row.setBy, source: row.source };
}

/** The comune's recorded entries, in checklist order (keys without a state are absent). */
export function listMaturity(db: Db, istat: string): MaturityEntry[] {
  return db
    .select()
    .from(maturityEntries)
    .where(eq(maturityEntries.istat, istat))
    .all()
    .map(toMaturityEntry)
    .filter((e): e is MaturityEntry => !!e)
    .sort((a, b) => KEY_ORDER.get(a.key)! - KEY_ORDER.get(b.key)!);
}

export interface MaturityChange {
  key: MaturityKey;
  /** null: no state any more (an inferred state, if the funding history gives one, comes back). */
  state: MaturityState | null;
  date: string | null;
}

export interface MaturityActor {
  /** The user's role: `rtd` is shown as the RTD, `redazione` and `admin` as the redazione. */
  role: string;
  userId: number;
}

/**
 * Applies a person's checklist edit. Rows whose state and date are unchanged keep their setter
 * (an inferred state left as it is stays inferred). Returns the keys that changed.
 */
export function setMaturity(db: Db, istat: string, changes: readonly MaturityChange[], actor: MaturityActor): MaturityKey[] {
  const setBy = actor.role === "rtd" ? "rtd" : "redazione";
  return writeTransaction(db, (tx) => {
    const current = new Map(
      tx
        .select()
        .from(maturityEntries)
        .where(eq(maturityEntries.istat, istat))
        .all()
        .map((r) => [r.key, r]),
    );
    const changed: MaturityKey[] = [];
    let cleared = false;
    for (const change of changes) {
      const existing = current.get(change.key);
      if (change.state === null) {
        if (!existing) continue;
        tx.delete(maturityEntries)
          .where(and(eq(maturityEntries.istat, istat), eq(maturityEntries.key, change.key)))
          .run();
        changed.push(change.key);
        cleared = true;
        continue;
      }
      if (existing && existing.state === change.state && existing.date === change.date) continue;
      const values = {
        state: change.state,
        date: change.date,
        setBy,
        setByUserId: actor.userId,
        source: null,
        updatedAt: nowIso(),
      } as const;
      tx.insert(maturityEntries)
        .values({ istat, key: change.key, ...values })
        .onConflictDoUpdate({ target: [maturityEntries.istat, maturityEntries.key], set: values })
        .run();
      changed.push(change.key);
    }
    if (cleared) applyInferredMaturity(tx, [istat]);
    if (changed.length > 0) markForRematch(tx, [istat]);
    return changed;
  });
}

/**
 * Re-derives the inferred entries of the given comuni from their funding history: adds or
 * updates `inferito` entries, removes those the history no longer supports, and leaves every
 * entry a person set untouched. Returns the comuni whose checklist changed. Call inside a
 * write transaction.
 */
export function applyInferredMaturity(tx: Db, istats: readonly string[]): Set<string> {
  const changedComuni = new Set<string>();
  const funding = fundingByComune(tx, istats);
  const now = nowIso();
  for (let i = 0; i < istats.length; i += 500) {
    const chunk = istats.slice(i, i + 500);
    const existing = new Map<string, Map<string, MaturityEntryRow>>();
    for (const row of tx.select().from(maturityEntries).where(inArray(maturityEntries.istat, chunk)).all()) {
      const perComune = existing.get(row.istat) ?? new Map<string, MaturityEntryRow>();
      perComune.set(row.key, row);
      existing.set(row.istat, perComune);
    }
    for (const istat of chunk) {
      const inferred = inferMaturity(funding.get(istat) ?? []);
      const current = existing.get(istat) ?? new Map<string, MaturityEntryRow>();
      for (const key of MATURITY_KEYS) {
        const row = current.get(key);
        if (row && row.setBy !== "inferito") continue;
        const next = inferred.get(key);
        if (!next) {
          if (row) {
            tx.delete(maturityEntries)
              .where(and(eq(maturityEntries.istat, istat), eq(maturityEntries.key, key)))
              .run();
            changedComuni.add(istat);
          }
          continue;
        }
        if (row && row.state === next.state && row.date === next.date && row.source === next.source) continue;
        const values = { state: next.state, date: next.date, setBy: "inferito", setByUserId: null, source: next.source, updatedAt: now } as const;
        tx.insert(maturityEntries)
          .values({ istat, key, ...values })
          .onConflictDoUpdate({ target: [maturityEntries.istat, maturityEntries.key], set: values })
          .run();
        changedComuni.add(istat);
      }
    }
  }
  return changedComuni;
}
