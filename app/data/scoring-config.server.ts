import { count, desc, eq } from "drizzle-orm";
import { writeTransaction, type Db } from "~db/client.server";
import { scoringConfigs, users } from "~db/schema";
import { DEFAULT_SCORING_CONFIG, type ScoringConfig, configFingerprint, validateScoringConfig } from "~/domain/matching";

/**
 * The scoring configuration (docs/decisions/0050, 0060): every saved version is kept with who
 * saved it and when; exactly one is active. Without any saved version the built-in default
 * (revision 1) is active. A save bumps the revision; the matching worker sees the new version
 * tag and re-matches everything.
 */

export interface ActiveScoringConfig {
  config: ScoringConfig;
  revision: number;
  fingerprint: string;
  /** When and by whom it was saved; null for the built-in default. */
  savedAt: string | null;
}

export function activeScoringConfig(db: Db): ActiveScoringConfig {
  const row = db.select().from(scoringConfigs).where(eq(scoringConfigs.active, true)).get();
  if (!row) return { config: DEFAULT_SCORING_CONFIG, revision: DEFAULT_SCORING_CONFIG.revision, fingerprint: configFingerprint(DEFAULT_SCORING_CONFIG), savedAt: null };
  return { config: row.config, revision: row.revision, fingerprint: row.fingerprint, savedAt: row.createdAt };
}

/** The configuration a run used, by its fingerprint (history or the built-in default). */
export function scoringConfigByFingerprint(db: Db, fingerprint: string): ScoringConfig | undefined {
  if (fingerprint === configFingerprint(DEFAULT_SCORING_CONFIG)) return DEFAULT_SCORING_CONFIG;
  return db.select().from(scoringConfigs).where(eq(scoringConfigs.fingerprint, fingerprint)).orderBy(desc(scoringConfigs.revision)).get()?.config;
}

export type SaveConfigResult = { ok: true; revision: number; fingerprint: string } | { ok: false; errors: string[] } | { ok: false; unchanged: true };

/** Everything but the revision, to tell a real change from a re-save. */
function sameSettings(a: ScoringConfig, b: ScoringConfig): boolean {
  return configFingerprint({ ...a, revision: 0 }) === configFingerprint({ ...b, revision: 0 });
}

/**
 * Validates and saves a new version (the revision is set here), making it the active one.
 * Returns the Italian errors of `validateScoringConfig`, or `unchanged` when nothing differs.
 */
export function saveScoringConfig(db: Db, input: ScoringConfig, by: { userId: number | null; note?: string | null }, now = new Date()): SaveConfigResult {
  const errors = validateScoringConfig(input);
  if (errors.length > 0) return { ok: false, errors };
  return writeTransaction(db, (tx) => {
    const current = activeScoringConfig(tx);
    if (sameSettings(current.config, input)) return { ok: false, unchanged: true } as const;
    const latest = tx.select({ revision: scoringConfigs.revision }).from(scoringConfigs).orderBy(desc(scoringConfigs.revision)).get();
    const revision = Math.max(latest?.revision ?? 0, current.revision) + 1;
    const config: ScoringConfig = { ...input, revision };
    const fingerprint = configFingerprint(config);
    tx.update(scoringConfigs).set({ active: false }).where(eq(scoringConfigs.active, true)).run();
    tx.insert(scoringConfigs)
      .values({ revision, config, fingerprint, active: true, createdAt: now.toISOString(), createdByUserId: by.userId, note: by.note ?? null })
      .run();
    return { ok: true, revision, fingerprint } as const;
  });
}

export interface ScoringConfigVersion {
  revision: number;
  fingerprint: string;
  active: boolean;
  createdAt: string | null;
  /** The admin's e-mail while the account exists; null for the default or a deleted account. */
  createdBy: string | null;
  note: string | null;
  weights: ScoringConfig["weights"];
}

/** Saved versions, newest first, paginated; the built-in default is the last entry. */
export function scoringConfigHistory(db: Db, page: number, perPage: number): { items: ScoringConfigVersion[]; total: number } {
  const saved = db.select({ n: count() }).from(scoringConfigs).get()?.n ?? 0;
  const total = saved + 1;
  const rows = db
    .select({ row: scoringConfigs, email: users.email })
    .from(scoringConfigs)
    .leftJoin(users, eq(users.id, scoringConfigs.createdByUserId))
    .orderBy(desc(scoringConfigs.revision))
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all();
  const items: ScoringConfigVersion[] = rows.map(({ row, email }) => ({
    revision: row.revision,
    fingerprint: row.fingerprint,
    active: row.active,
    createdAt: row.createdAt,
    createdBy: email ?? null,
    note: row.note,
    weights: row.config.weights,
  }));
  if ((page - 1) * perPage + rows.length === saved && items.length < perPage) {
    items.push({
      revision: DEFAULT_SCORING_CONFIG.revision,
      fingerprint: configFingerprint(DEFAULT_SCORING_CONFIG),
      active: saved === 0,
      createdAt: null,
      createdBy: null,
      note: "Configurazione predefinita",
      weights: DEFAULT_SCORING_CONFIG.weights,
    });
  }
  return { items, total };
}
