import { join } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const eslint = new ESLint({ cwd: root });

/** The messages of the domain-purity rule for a one-line module placed at `path`. */
async function purityErrors(source: string, path = "app/domain/sonda.ts"): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const probe = 1;\n`, { filePath: join(root, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

/** eslint.config.js keeps app/domain pure (issue 5.1): no Node, Remix, React or database imports. */
describe("domain-purity lint rule", () => {
  it.each([
    'import { readFileSync } from "fs";',
    'import { readFile } from "fs/promises";',
    'import { join } from "path";',
    'import { createHash } from "crypto";',
    'import { readFileSync } from "node:fs";',
    'import { join } from "node:path";',
    'import type { Database } from "better-sqlite3";',
    'import { eq } from "drizzle-orm";',
    'import { useState } from "react";',
    'import { json } from "@remix-run/node";',
    'import { comuni } from "~db/schema";',
    'import { getComune } from "~/data/comuni.server";',
    'export { join } from "path";',
  ])("refuses %s in app/domain", async (source) => {
    expect(await purityErrors(source)).toEqual([expect.stringContaining("app/domain è puro")]);
  });

  it("accepts zod and relative modules in app/domain, and Node modules outside it", async () => {
    expect(await purityErrors('import { z } from "zod";')).toEqual([]);
    expect(await purityErrors('import { sizeCluster } from "./clusters";')).toEqual([]);
    expect(await purityErrors('import { foldText } from "../text";', "app/domain/matching/sonda.ts")).toEqual([]);
    expect(await purityErrors('import { readFileSync } from "fs";', "app/data/sonda.server.ts")).toEqual([]);
  });
});
