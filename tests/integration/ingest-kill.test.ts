import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { count } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { callSources, callVersions, calls } from "~db/schema";
import { markInterruptedRuns } from "~/data/runs.server";
import { TEMPLATE_HEADERS } from "~/ingestion/template";
import { toCsv } from "~/lib/spreadsheet-safe";
import { tempDir } from "../setup/db";

const root = join(import.meta.dirname, "..", "..");
const ROWS = 20_000;

/** SECURITY.md 20: a process killed (SIGKILL) in the middle of an import leaves no partial data. */
describe("ingestion killed with SIGKILL midway", () => {
  const dir = tempDir("cruscotto-kill-");
  afterAll(() => dir.cleanup());

  const file = join(dir.path, "ventimila.csv");
  const databasePath = join(dir.path, "kill.db");
  const header = [...TEMPLATE_HEADERS];
  const row = (i: number) => header.map((h) => ({ Identificativo: `K-${i}`, Titolo: `Bando di prova numero ${i} per la digitalizzazione`, "Ente erogatore": "Ente di prova", Beneficiari: "comune", Scadenza: "31/12/2030", "Importo massimo": String(1000 + i) })[h as "Titolo"] ?? "");
  writeFileSync(file, toCsv(header, Array.from({ length: ROWS }, (_, i) => row(i)), { delimiter: ";" }));

  function ingest(onStderr?: (text: string, kill: () => void) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--source", "csv-template", "--file", file], {
        cwd: root,
        env: { ...process.env, DATABASE_PATH: databasePath, NODE_ENV: "production" },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        onStderr?.(stderr, () => child.kill("SIGKILL"));
      });
      child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
  }

  it("leaves no partial rows, integrity_check ok, and the rerun completes", { timeout: 300_000 }, async () => {
    let killedAt = "";
    const killed = await ingest((stderr, kill) => {
      const progress = [...stderr.matchAll(/ingest csv-template: (\d+)\/20000/g)].map((m) => Number(m[1]));
      const done = progress.at(-1) ?? 0;
      if (!killedAt && done >= ROWS * 0.3) {
        killedAt = `${done}/${ROWS}`;
        kill();
      }
    });
    expect(killed.signal).toBe("SIGKILL");
    expect(killedAt, killed.stderr).not.toBe("");

    const db = openDatabase(databasePath);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.select({ n: count() }).from(calls).get()!.n).toBe(0);
    expect(db.select({ n: count() }).from(callSources).get()!.n).toBe(0);
    expect(db.select({ n: count() }).from(callVersions).get()!.n).toBe(0);
    expect(markInterruptedRuns(db)).toBe(1);
    db.$client.close();

    const rerun = await ingest();
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`letti:\\s+${ROWS}\\n\\s+nuovi:\\s+${ROWS}\\n`));
    const after = openDatabase(databasePath);
    expect(after.select({ n: count() }).from(calls).get()!.n).toBe(ROWS);
    expect(after.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    after.$client.close();
  });
});
