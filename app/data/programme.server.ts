import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import { nowIso, writeTransaction, type Db } from "~db/client.server";
import { programmeItems, type ProgrammeItemRow } from "~db/schema";
import type { ProgrammeItem } from "~/domain/profile";
import { fromCents, programmeTitleKey, toCents, type ProgrammeItemInput } from "~/domain/programme";
import { isThemeKey } from "~/domain/taxonomy";
import { markForRematch } from "./rematch.server";

/**
 * A comune's programming items. Every query filters by the comune's ISTAT code, so an item can
 * only be read, changed or deleted through the comune it belongs to (SECURITY.md 8).
 */

export function toProgrammeItem(row: ProgrammeItemRow): ProgrammeItem {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    themes: row.themes.filter(isThemeKey),
    amount: row.amountCents === null ? null : fromCents(row.amountCents),
    startYear: row.startYear,
    endYear: row.endYear,
    instrument: row.instrument,
    state: row.state,
  };
}

/** Newest plans first: by start year (unknown last), then title. */
export function listProgramme(db: Db, istat: string): ProgrammeItem[] {
  return db
    .select()
    .from(programmeItems)
    .where(eq(programmeItems.istat, istat))
    .orderBy(sql`${programmeItems.startYear} IS NULL`, desc(programmeItems.startYear), asc(programmeItems.titleKey))
    .all()
    .map(toProgrammeItem);
}

export function getProgrammeItem(db: Db, istat: string, id: number): ProgrammeItem | undefined {
  const row = db
    .select()
    .from(programmeItems)
    .where(and(eq(programmeItems.istat, istat), eq(programmeItems.id, id)))
    .get();
  return row ? toProgrammeItem(row) : undefined;
}

function rowValues(input: ProgrammeItemInput) {
  return {
    title: input.title,
    titleKey: programmeTitleKey(input.title),
    description: input.description,
    themes: input.themes,
    amountCents: input.amount === null ? null : toCents(input.amount),
    startYear: input.startYear,
    endYear: input.endYear,
    instrument: input.instrument,
    state: input.state,
  };
}

function keyTaken(tx: Db, istat: string, input: ProgrammeItemInput, exceptId?: number): boolean {
  const where = and(
    eq(programmeItems.istat, istat),
    eq(programmeItems.instrument, input.instrument),
    eq(programmeItems.titleKey, programmeTitleKey(input.title)),
    exceptId !== undefined ? ne(programmeItems.id, exceptId) : undefined,
  );
  return tx.select({ id: programmeItems.id }).from(programmeItems).where(where).get() !== undefined;
}

export type ProgrammeWriteResult = { ok: true; id: number } | { ok: false; reason: "duplicato" | "non-trovato" };

export function createProgrammeItem(db: Db, istat: string, input: ProgrammeItemInput): ProgrammeWriteResult {
  return writeTransaction(db, (tx) => {
    if (keyTaken(tx, istat, input)) return { ok: false, reason: "duplicato" } as const;
    const row = tx
      .insert(programmeItems)
      .values({ istat, ...rowValues(input), origin: "manuale" })
      .returning({ id: programmeItems.id })
      .get();
    markForRematch(tx, [istat]);
    return { ok: true, id: row.id } as const;
  });
}

export function updateProgrammeItem(db: Db, istat: string, id: number, input: ProgrammeItemInput): ProgrammeWriteResult {
  return writeTransaction(db, (tx) => {
    if (keyTaken(tx, istat, input, id)) return { ok: false, reason: "duplicato" } as const;
    const result = tx
      .update(programmeItems)
      .set({ ...rowValues(input), origin: "manuale", updatedAt: nowIso() })
      .where(and(eq(programmeItems.istat, istat), eq(programmeItems.id, id)))
      .run();
    if (result.changes === 0) return { ok: false, reason: "non-trovato" } as const;
    markForRematch(tx, [istat]);
    return { ok: true, id } as const;
  });
}

export function deleteProgrammeItem(db: Db, istat: string, id: number): boolean {
  return writeTransaction(db, (tx) => {
    const result = tx
      .delete(programmeItems)
      .where(and(eq(programmeItems.istat, istat), eq(programmeItems.id, id)))
      .run();
    if (result.changes > 0) markForRematch(tx, [istat]);
    return result.changes > 0;
  });
}

function sameThemes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * The import's write: finds the item by its natural key (istat, instrument, titleKey) and
 * creates it, updates it, or leaves it alone. `state` undefined keeps an existing item's state
 * (new items start `previsto`). Call inside the import's transaction; it does not mark re-matching.
 */
export function upsertProgrammeItemByKey(
  tx: Db,
  istat: string,
  item: Omit<ProgrammeItemInput, "state">,
  state: ProgrammeItemInput["state"] | undefined,
): "created" | "updated" | "unchanged" {
  const values = rowValues({ ...item, state: state ?? "previsto" });
  const current = tx
    .select()
    .from(programmeItems)
    .where(
      and(
        eq(programmeItems.istat, istat),
        eq(programmeItems.instrument, values.instrument),
        eq(programmeItems.titleKey, values.titleKey),
      ),
    )
    .get();
  if (!current) {
    tx.insert(programmeItems).values({ istat, ...values, origin: "import" }).run();
    return "created";
  }
  const same =
    current.title === values.title &&
    current.description === values.description &&
    sameThemes(current.themes, values.themes) &&
    current.amountCents === values.amountCents &&
    current.startYear === values.startYear &&
    current.endYear === values.endYear &&
    (state === undefined || current.state === state);
  if (same) return "unchanged";
  tx.update(programmeItems)
    .set({ ...values, state: state ?? current.state, origin: "import", updatedAt: nowIso() })
    .where(eq(programmeItems.id, current.id))
    .run();
  return "updated";
}
