import Database from "better-sqlite3";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { count, desc } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { comuni, matchRuns, matches } from "~db/schema";
import { getComune } from "~/data/comuni.server";
import { runCli } from "../setup/cli";
import { tempDir } from "../setup/db";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const anprFixture = join(fixtures, "anpr", "popolazione_residente_2026_export.csv");

/** Reads a database file the CLI wrote, then closes it. */
function inspect<T>(path: string, read: (db: ReturnType<typeof openDatabase>) => T): T {
  const db = openDatabase(path, { migrate: false });
  try {
    return read(db);
  } finally {
    db.$client.close();
  }
}

/**
 * `npm run import`, `npm run backup` and `npm run match` run as an operator runs them (issue 2.3,
 * 2.6, 5.4): a child process on a temporary DATABASE_PATH, checked by exit code, the Italian
 * summary it prints and what it left in the database.
 */
describe("CLI scripts as processes", { timeout: 90_000 }, () => {
  const dir = tempDir("cruscotto-cli-");
  afterAll(() => dir.cleanup());

  describe("npm run import", () => {
    const db = join(dir.path, "import.db");

    it("imports the ANPR fixture into a fresh database: exit 0, summary with rejects and cluster changes", async () => {
      const run = await runCli("import.ts", db, ["--kind", "popolazione-anpr", "--file", anprFixture]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain("popolazione-anpr — popolazione_residente_2026_export.csv: completato");
      expect(run.stdout).toMatch(/letti:\s+11\n\s+nuovi:\s+1\n\s+aggiornati:\s+4\n\s+invariati:\s+0\n\s+scartati:\s+1\n/);
      expect(run.stdout).toMatch(/riga 12 \[RESIDENTI\]: numero di residenti non valido: ".+"/);
      expect(run.stdout).toContain("cambi di fascia: 1");
      expect(run.stdout).toContain("016006 Almenno San Bartolomeo: medio → piccolo (4987 abitanti)");
      inspect(db, (handle) => {
        expect(getComune(handle, "016006")).toMatchObject({ population: 4987, populationSource: "anpr", sizeCluster: "piccolo" });
        expect(getComune(handle, "013256")).toMatchObject({ name: "Uggiate con Ronago", populationSource: "anpr" });
        expect(handle.select({ n: count() }).from(comuni).get()?.n).toBe(1507);
      });
    });

    it("changes nothing on the rerun", async () => {
      const run = await runCli("import.ts", db, ["--kind", "popolazione-anpr", "--file", anprFixture]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/nuovi:\s+0\n\s+aggiornati:\s+0\n\s+invariati:\s+5\n/);
    });

    it("refuses a file with too many bad rows: exit 1, each bad row by file, line and field, nothing written", async () => {
      const file = join(dir.path, "anpr-errata.csv");
      const good = "4,2026,LOMBARDIA,BERGAMO,016024,BERGAMO,1";
      const bad = Array.from({ length: 24 }, (_, i) => `4,2026,LOMBARDIA,BERGAMO,0160${String(i + 10)},COMUNE,n.d.`);
      writeFileSync(file, ["MESE,ANNO,REGIONE,PROVINCIA,COD_ISTAT_COMUNE,COMUNE,RESIDENTI", good, ...bad, "13,2026,LOMBARDIA,BERGAMO,016001,ADRARA SAN MARTINO,2000"].join("\n"));
      const bergamo = inspect(db, (handle) => getComune(handle, "016024")?.population);
      const run = await runCli("import.ts", db, ["--kind", "popolazione-anpr", "--file", file]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain("popolazione-anpr — anpr-errata.csv: fallito");
      expect(run.stdout).toMatch(/scartati:\s+25\n/);
      expect(run.stdout).toContain('riga 3 [RESIDENTI]: numero di residenti non valido: "n.d."');
      expect(run.stdout).toContain('riga 26 [RESIDENTI]: numero di residenti non valido: "n.d."');
      expect(run.stdout).toContain('riga 27 [MESE]: mese non valido: "13"');
      expect(run.stdout).toContain("errore: file rifiutato: 25 righe scartate su 26");
      // The good row was not applied either: Bergamo keeps its population.
      expect(bergamo).not.toBe(1);
      inspect(db, (handle) => expect(getComune(handle, "016024")?.population).toBe(bergamo));
    });

    it("names file and line when the file is not CSV, and the file when it cannot be read; wrong usage exits 2", async () => {
      const file = join(dir.path, "rotto.csv");
      writeFileSync(file, 'MESE,ANNO,REGIONE,PROVINCIA,COD_ISTAT_COMUNE,COMUNE,RESIDENTI\n4,2026,LOMBARDIA,"BERGAMO,016024,BERGAMO,1\n');
      const broken = await runCli("import.ts", db, ["--kind", "popolazione-anpr", "--file", file]);
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain("popolazione-anpr — rotto.csv: fallito");
      expect(broken.stdout).toMatch(/errore: rotto\.csv:\d+: file CSV non leggibile: /);

      const header = join(dir.path, "intestazione.csv");
      writeFileSync(header, "MESE,ANNO,COMUNE\n4,2026,BERGAMO\n");
      const wrongHeader = await runCli("import.ts", db, ["--kind", "popolazione-anpr", "--file", header]);
      expect(wrongHeader.status).toBe(1);
      expect(wrongHeader.stdout).toContain('errore: intestazione.csv:1: intestazione non riconosciuta: mancano le colonne "COD_ISTAT_COMUNE", "RESIDENTI"');

      const missing = await runCli("import.ts", db, ["--kind", "popolazione-anpr", "--file", join(dir.path, "manca.csv")]);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain(`${join(dir.path, "manca.csv")}: file non leggibile: ENOENT`);

      const usage = await runCli("import.ts", db, ["--kind", "sconosciuto", "--file", anprFixture]);
      expect(usage.status).toBe(2);
      expect(usage.stderr).toMatch(/^Uso: npm run import -- --kind <[a-z|-]*popolazione-anpr[a-z|-]*> --file <percorso>/);
    });
  });

  describe("npm run backup", () => {
    const db = join(dir.path, "import.db");

    it("copies the database to a new folder, checked with integrity_check", async () => {
      const to = join(dir.path, "copie", "cruscotto-copia.db");
      const run = await runCli("backup.ts", db, ["--to", to]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Copia completata: ${to.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+ pagine, integrity_check ok\\)\\n$`));
      const copy = new Database(to, { readonly: true });
      try {
        expect(copy.prepare("SELECT population FROM comuni WHERE istat = '016006'").get()).toEqual({ population: 4987 });
        expect(copy.prepare("SELECT count(*) AS n FROM comuni").get()).toEqual({ n: 1507 });
      } finally {
        copy.close();
      }
    });

    it("refuses to overwrite the live database (exit 1) and wants --to (exit 2)", async () => {
      const self = await runCli("backup.ts", db, ["--to", db]);
      expect(self.status).toBe(1);
      expect(self.stderr).toContain("Backup non riuscito: la copia non può sovrascrivere il database in uso");
      const usage = await runCli("backup.ts", db, []);
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain("Uso: npm run backup -- --to <file>");
    });
  });

  describe("npm run match", () => {
    const db = join(dir.path, "match.db");

    it("seeds a fresh database, re-matches everything and stores what it reports", async () => {
      const run = await runCli("match.ts", db, []);
      expect(run.status, run.stderr).toBe(0);
      const head = /^abbinamento completo \(cli\): (\d+) bandi × 1506 comuni: (\d+) abbinamenti \((\d+) in forma associata\), (\d+) scritti, 0 rimossi, [\d.]+ s$/m.exec(run.stdout);
      expect(head, run.stdout).not.toBeNull();
      const [, calls, total, , written] = head!.map(Number);
      expect(calls).toBeGreaterThan(0);
      expect(written).toBe(total);
      expect(run.stdout).toMatch(/^ {2}comuni: {13}1506$/m);
      expect(run.stdout).toMatch(new RegExp(`^ {2}righe scritte: {6}${written}$`, "m"));
      expect(run.stdout).toMatch(/^ {2}esecuzione: {9}\d+ \(completato\)$/m);
      // The progress line for logs (stderr is not a terminal here).
      expect(run.stderr).toMatch(/^abbinamento: (\d+)\/\1$/m);

      inspect(db, (handle) => {
        expect(handle.select({ n: count() }).from(matches).get()?.n).toBe(written);
        const last = handle.select().from(matchRuns).orderBy(desc(matchRuns.id)).limit(1).get();
        expect(last).toMatchObject({ kind: "completo", trigger: "cli", status: "completato", comuni: 1506, written });
      });

      // A second run replaces the rows with the same ones.
      const again = await runCli("match.ts", db, []);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toMatch(new RegExp(`: ${total} abbinamenti \\(\\d+ in forma associata\\), ${written} scritti, ${written} rimossi, `));
      inspect(db, (handle) => expect(handle.select({ n: count() }).from(matches).get()?.n).toBe(written));
    });

    it("rejects arguments it does not take (exit 2)", async () => {
      const run = await runCli("match.ts", db, ["--tutto"]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("Uso: npm run match");
    });
  });
});
