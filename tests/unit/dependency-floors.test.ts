import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * SECURITY.md 10 and docs/decisions/0040-dependency-advisories.md: the registry mirror answers
 * `npm audit` with 405, so the versions that fix the advisories we know of are checked here,
 * offline, in the lockfile that `npm ci` installs. A row: package, first fixed version, advisory.
 */
const FLOORS: [string, string, string][] = [
  ["@remix-run/node", "2.17.4", "two 2026 XSS advisories (SECURITY.md 10)"],
  ["@remix-run/react", "2.17.4", "two 2026 XSS advisories (SECURITY.md 10)"],
  ["@remix-run/server-runtime", "2.17.4", "two 2026 XSS advisories (SECURITY.md 10)"],
  ["@remix-run/express", "2.17.4", "two 2026 XSS advisories (SECURITY.md 10)"],
  ["react-router", "6.30.3", "react-router 6 fixes shipped with Remix 2.17.4"],
  ["express", "4.21.2", "CVE-2024-43796 (res.redirect XSS), CVE-2024-52798 via path-to-regexp"],
  ["path-to-regexp", "0.1.12", "CVE-2024-52798 (ReDoS)"],
  ["body-parser", "1.20.3", "CVE-2024-45590 (DoS with url-encoded bodies)"],
  ["send", "0.19.0", "CVE-2024-43799 (template injection)"],
  ["serve-static", "1.16.0", "CVE-2024-43800 (template injection)"],
  ["cookie", "0.7.0", "CVE-2024-47764 (cookie name/path injection)"],
  ["on-headers", "1.1.0", "CVE-2025-7339 (header manipulation)"],
  ["cross-spawn", "7.0.5", "CVE-2024-21538 (ReDoS)"],
  ["nodemailer", "7.0.7", "GHSA-mm7p-fcc7-pg87 (address parser, mail to an unintended domain)"],
  ["undici", "6.21.2", "CVE-2025-22150, CVE-2025-47279"],
  ["tar-fs", "2.1.4", "CVE-2025-48387, CVE-2025-59343 (path traversal)"],
  ["postcss", "8.4.31", "CVE-2023-44270 (line return parsing)"],
  ["sanitize-html", "2.12.1", "CVE-2024-21501 (information exposure)"],
  ["esbuild", "0.25.0", "GHSA-67mh-4wv8-2f99 (dev server answers any origin) — production copies only"],
];

function compare(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

const lock = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string; dev?: boolean }>;
};

describe("dependency versions at or above the fixes of known advisories", () => {
  it.each(FLOORS)("%s ≥ %s (%s) wherever it is installed for production", (name, floor) => {
    const copies = Object.entries(lock.packages).filter(([path, entry]) => path.endsWith(`node_modules/${name}`) && !entry.dev);
    expect(copies.length, `${name} is not installed for production any more: drop its row`).toBeGreaterThan(0);
    for (const [path, entry] of copies) expect(compare(entry.version ?? "0", floor), `${path}@${entry.version}`).toBeGreaterThanOrEqual(0);
  });

  it("every @remix-run package in package.json asks for 2.17.4 or later", () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as Record<string, Record<string, string>>;
    const ranges = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([n]) => n.startsWith("@remix-run/"));
    expect(ranges.length).toBeGreaterThanOrEqual(5);
    for (const [name, range] of ranges) expect(compare(range.replace(/^[\^~>=]+/, ""), "2.17.4"), name).toBeGreaterThanOrEqual(0);
  });
});
