import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { countCalls } from "~/data/calls.server";
import { fetchSource } from "~/ingestion/fetch.server";
import { InputError } from "~/lib/errors";
import { runCli } from "../setup/cli";
import { tempDir } from "../setup/db";
import { startFixtureServer } from "../setup/http-fixtures";

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(root, "tests", "fixtures");
const json = readFileSync(join(fixtures, "bando-json", "bandi-esempio.json"));
const csv = readFileSync(join(fixtures, "csv-template", "bandi-modello.csv"));

/** Runs the CLI in a child process (asynchronously: the fixture server lives in this process). */
const ingest = (databasePath: string, ...args: string[]) => runCli("ingest.ts", databasePath, args);

describe("npm run ingest (CLI) and --url downloads", () => {
  let server: Awaited<ReturnType<typeof startFixtureServer>>;
  const dir = tempDir("cruscotto-ingest-cli-");
  beforeAll(async () => {
    server = await startFixtureServer({
      "/bandi.json": { type: "application/json; charset=utf-8", body: json },
      "/bandi.csv": { type: "text/csv", body: csv, chunked: true },
      "/lento.json": { type: "application/json", body: json, delayMs: 3000 },
      "/grande.json": { type: "application/json", body: Buffer.alloc(300_000, 32) },
      "/grande-a-pezzi.json": { type: "application/json", body: Buffer.alloc(300_000, 32), chunked: true },
      "/pagina.html": { type: "text/html", body: "<html></html>" },
      "/errore.json": { status: 500, type: "application/json", body: "{}" },
    });
  });
  afterAll(async () => {
    await server?.close();
    dir.cleanup();
  });

  it("ingests a file, prints the summary, and changes nothing on the rerun (exit 0 both times)", async () => {
    const db = join(dir.path, "file.db");
    const first = await ingest(db, "--source", "csv-template", "--file", join(fixtures, "csv-template", "bandi-modello.csv"));
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/csv-template — bandi-modello\.csv: completato/);
    expect(first.stdout).toMatch(/letti:\s+5\n\s+nuovi:\s+3\n\s+aggiornati:\s+0\n\s+invariati:\s+0\n\s+scartati:\s+2/);
    expect(first.stdout).toContain('riga 5 [temi]: tema sconosciuto "intelligenza-artificiale"');
    const second = await ingest(db, "--source", "csv-template", "--file", join(fixtures, "csv-template", "bandi-modello.csv"));
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/nuovi:\s+0\n\s+aggiornati:\s+0\n\s+invariati:\s+3/);
  });

  it("fetches --url from a server on loopback, publishing with --publish", async () => {
    const db = join(dir.path, "url.db");
    const run = await ingest(db, "--source", "bando-json", "--url", `${server.url}/bandi.json`, "--publish");
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/nuovi:\s+3/);
    expect(run.stdout).toMatch(/pubblicati:\s+3/);
  });

  it("exits 1 and writes nothing when the input cannot be read or parsed", async () => {
    const db = join(dir.path, "bad.db");
    const slow = await ingest(db, "--source", "bando-json", "--url", `${server.url}/lento.json`, "--timeout-ms", "500");
    expect(slow.status).toBe(1);
    expect(slow.stderr).toMatch(/tempo scaduto dopo 0.5 s/);
    const html = await ingest(db, "--source", "bando-json", "--url", `${server.url}/pagina.html`);
    expect(html.status).toBe(1);
    expect(html.stderr).toMatch(/tipo di contenuto non ammesso «text\/html»/);
    const broken = await ingest(db, "--source", "csv-template", "--file", join(fixtures, "bando-json", "bandi-esempio.json"));
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/fallito/);
    const usage = await ingest(db, "--source", "sconosciuta", "--file", "x");
    expect(usage.status).toBe(2);
    const handle = openDatabase(db);
    expect(countCalls(handle)).toBe(0);
    handle.$client.close();
  });

  it("fetchSource: timeout, size limit (declared and while reading), HTTP errors, protocols", async () => {
    const adapter = { mediaTypes: ["application/json", "text/csv"] };
    const limits = { timeoutMs: 300, maxBytes: 100_000 };
    const fail = async (url: string) => {
      const error = await fetchSource(url, adapter, limits).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      return (error as InputError).message;
    };
    expect(await fail(`${server.url}/lento.json`)).toMatch(/tempo scaduto/);
    expect(await fail(`${server.url}/grande.json`)).toMatch(/troppo grande \(300000 byte/);
    expect(await fail(`${server.url}/grande-a-pezzi.json`)).toMatch(/oltre 0.10 MB|oltre 0 MB|scaricamento interrotto/);
    expect(await fail(`${server.url}/errore.json`)).toMatch(/500/);
    expect(await fail(`${server.url}/manca.json`)).toMatch(/404/);
    expect(await fail("file:///etc/passwd")).toMatch(/protocollo non ammesso/);
    const ok = await fetchSource(`${server.url}/bandi.csv`, adapter, limits);
    expect(Buffer.from(ok.content).equals(csv)).toBe(true);
  });
});
