import { asc, eq } from "drizzle-orm";
import { writeTransaction, type Db } from "~db/client.server";
import { themes } from "~db/schema";
import type { ThemeRule } from "~/domain/theme-tagging";
import { isThemeKey } from "~/domain/taxonomy";

/** The themes with their current (curator-editable) labels and keywords, in taxonomy order. */
export function listThemes(db: Db): { key: string; label: string; keywords: string[] }[] {
  return db.select().from(themes).orderBy(asc(themes.position)).all();
}

/** Tagging rules from the themes table (app/domain/theme-tagging.ts). */
export function themeRules(db: Db): ThemeRule[] {
  return listThemes(db)
    .filter((t): t is typeof t & { key: ThemeRule["key"] } => isThemeKey(t.key))
    .map((t) => ({ key: t.key, keywords: t.keywords }));
}

/**
 * Changes a theme's label and keywords (never its key). Future ingestions tag with the new
 * keywords; calls already tagged keep their themes. Returns false for an unknown key.
 */
export function updateTheme(db: Db, key: string, change: { label: string; keywords: string[] }): boolean {
  if (!isThemeKey(key)) return false;
  return (
    writeTransaction(db, (tx) =>
      tx.update(themes).set({ label: change.label, keywords: change.keywords }).where(eq(themes.key, key)).run(),
    ).changes > 0
  );
}
