/**
 * The dashboards over HTTP, against the PRODUCTION build (started like tests/setup/server.ts),
 * at Lombardy scale (issue 6, point 7):
 *  - per-comune dashboard SSR: 1,506 comuni, `--calls` (1,000) published calls, realistic
 *    profiles; autocannon with 50 connections, each request for a random comune; latency
 *    percentiles, requests per second, errors, and the server's peak RSS under that load;
 *  - search API: 5,000 published calls, `GET /api/v1/bandi` with fuzzy queries (typos included)
 *    and filters, exact p95 from every response;
 *  - JavaScript of the dashboard route, from the build's Vite manifest (gzip).
 *   npm run build && npm run bench -- dashboards [--calls N] [--seed N] [--json]
 * BENCH_SECONDS sets the measured seconds of each load (15 by default).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { startServer, type RunningServer } from "../../tests/setup/server";
import { tempDir } from "../../tests/setup/db";
import { buildLombardyDatabase } from "./lombardy-db";
import { routeJavaScript } from "./route-js";
import { Random } from "./random";
import { quantile, round } from "./timing";
import type { BenchOptions, Figures } from "./types";

const ROOT = join(import.meta.dirname, "..", "..");
const TARGETS = { p50Ms: 20, p99Ms: 100, rps: 500, searchP95Ms: 30, rssMb: 300, jsKb: 200 };

const SEARCHES = [
  "q=clod",
  "q=cloud&stato=aperto",
  "q=sicurezza%20informatca",
  "q=pagopa&fascia=piccolo",
  "q=scuole&provincia=BG",
  "q=mobilita%20sostenibile",
  "q=energia%20rinnovabile&stato=aperto",
  "q=biblioteche",
  "q=rigenerazione%20urbana&fascia=medio",
  "q=app%20io",
  "q=anagrafe%20nazionale",
  "q=cybersicurezza",
  "q=dati%20aperti&perPage=20",
  "q=digitalizzazione&page=2",
  "tema=cloud,dati&stato=aperto",
  "stato=aperto&fascia=grande&provincia=MI",
  "scadenzaEntro=2027-06-30",
  "q=notifiche%20digitali",
  "q=identita%20digitale",
  "q=turismo&tema=cultura-turismo",
];

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return round(kb / 1024);
}

interface Load {
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  max: number;
  mean: number;
  rps: number;
  requests: number;
  errors: number;
  exactP95: number;
  rssMaxMb: number;
}

/** One autocannon run with a path per request; records every latency and samples the server's RSS. */
async function load(server: RunningServer, options: { connections: number; seconds: number; path: () => string; headers?: Record<string, string> }): Promise<Load> {
  const latencies: number[] = [];
  let rssMax = rssMb(server.pid);
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, rssMb(server.pid));
  }, 100);
  try {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: server.url,
          connections: options.connections,
          duration: options.seconds,
          headers: options.headers,
          requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: options.path() }) }],
        },
        (error, r) => (error ? reject(error) : resolve(r)),
      );
      instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    });
    return {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: round(result.latency.mean),
      rps: round(result.requests.average),
      requests: result.requests.total,
      errors: result.errors + result.timeouts + result.non2xx,
      exactP95: round(quantile(latencies, 0.95)),
      rssMaxMb: rssMax,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Each comune's dashboard requested once, `parallel` at a time; exact latency percentiles. */
async function renderEach(server: RunningServer, istat: readonly string[], parallel: number) {
  const times: number[] = [];
  let next = 0;
  let cacheHeader = "";
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < istat.length) {
        const code = istat[next++]!;
        const started = performance.now();
        const res = await fetch(`${server.url}/comuni/${code}`);
        await res.text();
        times.push(performance.now() - started);
        if (res.status !== 200) throw new Error(`/comuni/${code}: ${res.status}`);
        cacheHeader ||= res.headers.get("x-page-cache") ?? "off";
      }
    }),
  );
  return { p50: round(quantile(times, 0.5)), p95: round(quantile(times, 0.95)), max: round(Math.max(0, ...times)), cacheHeader };
}

export async function run({ log, calls = 1000, seed = 20261123 }: BenchOptions): Promise<Figures> {
  if (!existsSync(join(ROOT, "build", "server", "index.js"))) throw new Error("build assente: eseguire prima `npm run build`");
  const seconds = Number(process.env.BENCH_SECONDS ?? 15);
  const now = new Date();
  const js = routeJavaScript(ROOT, "app/routes/comuni.$istat._index.tsx");
  log(`JavaScript della pagina del comune: ${js.initialKb} KB gzip iniziali, ${js.totalKb} KB con il grafico caricato dopo`);
  // As in production, with the matching worker on (idle: the database was matched when built).
  // PAGE_CACHE_MB=0 measures every request rendered (no page cache).
  const env = { DEMO_DATA: "off", SCHEDULER: "off", MATCH_WORKER: "on", PAGE_CACHE_MB: process.env.PAGE_CACHE_MB ?? "32" };
  const dir = tempDir("cruscotto-bench-");
  try {
    // Dashboard SSR at Lombardy scale.
    const dashboardDb = join(dir.path, "lombardia.db");
    const built = await buildLombardyDatabase(dashboardDb, { calls, seed, now, profiles: true });
    log(`database: ${built.comuni} comuni, ${built.calls} bandi pubblicati, ${built.programmeItems} voci di programmazione, ${built.fundingRecords} finanziamenti, ${built.matches} abbinamenti`);
    const server = await startServer({ databasePath: dashboardDb, env });
    let dashboard: Load;
    let idleRss: number;
    let cold: { p50: number; p95: number; max: number; cacheHeader: string };
    try {
      const codes = (await (await fetch(`${server.url}/api/v1/comuni?perPage=500`)).json()) as { total: number };
      const random = new Random(seed);
      const istat: string[] = [];
      for (let page = 1; page <= Math.ceil(codes.total / 500); page++) {
        const body = (await (await fetch(`${server.url}/api/v1/comuni?perPage=500&page=${page}`)).json()) as { items: { istat: string }[] };
        istat.push(...body.items.map((c) => c.istat));
      }
      const path = () => `/comuni/${istat[random.int(0, istat.length - 1)]}`;
      const probe = await fetch(server.url + path());
      if (probe.status !== 200 || !(await probe.text()).includes("Opportunità per il comune")) throw new Error("la pagina del comune non risponde come atteso");
      idleRss = rssMb(server.pid);
      // Every dashboard rendered once (what the page cache holds after its first visitors): the
      // time of an uncached render, one request at a time and two at once (the machine's cores).
      cold = await renderEach(server, istat, 2);
      log(`prima visita di ogni comune (pagina non in cache): p50 ${cold.p50} ms, p95 ${cold.p95} ms, max ${cold.max} ms`);
      log(`riscaldamento (3 s), poi ${seconds} s con 50 connessioni su ${istat.length} comuni a caso`);
      await load(server, { connections: 50, seconds: 3, path });
      dashboard = await load(server, { connections: 50, seconds, path });
      log(`pagina del comune: p50 ${dashboard.p50} ms, p99 ${dashboard.p99} ms, ${dashboard.rps} richieste/s, ${dashboard.errors} errori, RSS max ${dashboard.rssMaxMb} MB`);
    } finally {
      await server.stop();
    }

    // Search API over 5,000 calls.
    const searchDb = join(dir.path, "ricerca.db");
    const searchBuilt = await buildLombardyDatabase(searchDb, { calls: 5000, seed: seed + 1, now, profiles: false });
    const searchServer = await startServer({ databasePath: searchDb, env });
    let search: Load;
    let searchSingle: Load;
    try {
      let n = 0;
      const path = () => `/api/v1/bandi?${SEARCHES[n++ % SEARCHES.length]}`;
      const probe = (await (await fetch(`${searchServer.url}/api/v1/bandi?q=clod`)).json()) as { total: number };
      log(`ricerca: ${searchBuilt.calls} bandi pubblicati; «clod» trova ${probe.total} bandi`);
      await load(searchServer, { connections: 10, seconds: 3, path });
      // One client at a time (the time of one search), then 10 at once (with queueing).
      searchSingle = await load(searchServer, { connections: 1, seconds, path });
      search = await load(searchServer, { connections: 10, seconds, path });
      log(`API di ricerca: p95 ${searchSingle.exactP95} ms con 1 connessione, ${search.exactP95} ms con 10 (${search.rps} richieste/s), ${search.errors + searchSingle.errors} errori`);
    } finally {
      await searchServer.stop();
    }

    return {
      comuni: built.comuni,
      calls: built.calls,
      programmeItems: built.programmeItems,
      fundingRecords: built.fundingRecords,
      matches: built.matches,
      seconds,
      dashboardConnections: 50,
      dashboardP50Ms: dashboard.p50,
      dashboardP90Ms: dashboard.p90,
      dashboardP99Ms: dashboard.p99,
      dashboardMaxMs: dashboard.max,
      dashboardRequestsPerSecond: dashboard.rps,
      dashboardRequests: dashboard.requests,
      dashboardErrors: dashboard.errors,
      serverRssIdleMb: idleRss,
      serverRssMaxMb: dashboard.rssMaxMb,
      searchCalls: searchBuilt.calls,
      searchP50Ms: searchSingle.p50,
      searchP95Ms: searchSingle.exactP95,
      searchP99Ms: searchSingle.p99,
      searchRequestsPerSecond: searchSingle.rps,
      search10ConnectionsP50Ms: search.p50,
      search10ConnectionsP95Ms: search.exactP95,
      search10ConnectionsRequestsPerSecond: search.rps,
      searchErrors: search.errors + searchSingle.errors,
      dashboardUncachedRenderP50Ms: cold.p50,
      dashboardUncachedRenderP95Ms: cold.p95,
      pageCache: cold.cacheHeader,
      dashboardJsInitialKbGzip: js.initialKb,
      dashboardJsTotalKbGzip: js.totalKb,
      targetsMet: [
        dashboard.p50 <= TARGETS.p50Ms,
        dashboard.p99 <= TARGETS.p99Ms,
        dashboard.rps >= TARGETS.rps,
        dashboard.errors === 0,
        searchSingle.exactP95 <= TARGETS.searchP95Ms,
        dashboard.rssMaxMb <= TARGETS.rssMb,
        js.totalKb <= TARGETS.jsKb,
      ].every(Boolean)
        ? "sì"
        : "no",
    };
  } finally {
    dir.cleanup();
  }
}
