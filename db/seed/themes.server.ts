import { themes } from "../schema";
import { writeTransaction, type Db } from "../client.server";
import { DEFAULT_THEMES } from "~/domain/taxonomy";

/** Inserts the theme keys that are missing; never overwrites labels or keywords curators edited. */
export function ensureThemes(db: Db): number {
  return writeTransaction(db, (tx) => {
    let added = 0;
    DEFAULT_THEMES.forEach((theme, position) => {
      const result = tx
        .insert(themes)
        .values({ key: theme.key, label: theme.label, keywords: theme.keywords, position })
        .onConflictDoNothing()
        .run();
      added += result.changes;
    });
    return added;
  });
}
