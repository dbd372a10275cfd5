import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * The real public files of ../shared/data (never committed). Tests that read them skip when
 * they are absent (a fresh clone elsewhere, CI). CRUSCOTTO_SHARED_DATA overrides the location.
 */
const root = join(import.meta.dirname, "..", "..");
const candidates = [process.env.CRUSCOTTO_SHARED_DATA, join(root, "..", "shared", "data"), "/work/shared/data"].filter(
  (p): p is string => !!p,
);

export const sharedDataDir: string | undefined = candidates.find((p) => existsSync(join(p, "README.md")));

export function sharedFile(...parts: string[]): string | undefined {
  if (!sharedDataDir) return undefined;
  const path = join(sharedDataDir, ...parts);
  return existsSync(path) ? path : undefined;
}
