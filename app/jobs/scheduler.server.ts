import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "~db/client.server";
import type { IngestSourceRow } from "~db/schema";
import {
  acquireLease,
  dueSources,
  finishSourceRun,
  setNextRun,
  unscheduledSources,
} from "~/data/ingest-sources.server";
import { failRun, startRun } from "~/data/runs.server";
import { nextSlot, parseSchedule } from "~/domain/schedule";
import { adapterFor } from "~/ingestion/adapters";
import { DEFAULT_FETCH_LIMITS, fetchSource, type FetchLimits } from "~/ingestion/fetch.server";
import { runIngest } from "~/ingestion/pipeline.server";
import { InputError } from "~/lib/errors";

/**
 * The in-process scheduler of configured sources (started by scripts/serve.ts). Each tick runs
 * the sources whose slot has come, one at a time per source: a lease row in the database keeps
 * two processes (or two ticks) from running the same source at once. A failed run is recorded
 * with its error (a `fallito` run) and the source is tried again at its next slot.
 */

export interface SchedulerOptions {
  /** The clock (tests drive it). */
  now?: () => Date;
  fetchLimits?: FetchLimits;
  /** How long a run may hold its source before another process may take it over. */
  leaseMs?: number;
  /** Identity of this process in the lease column. */
  owner?: string;
  log?: (message: string) => void;
}

export interface SourceRunResult {
  sourceId: number;
  runId: number | null;
  status: "completato" | "fallito";
  error: string | null;
}

export function createScheduler(db: Db, options: SchedulerOptions = {}) {
  const clock = options.now ?? (() => new Date());
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const leaseMs = options.leaseMs ?? 30 * 60_000;
  const log = options.log ?? ((m: string) => console.log(m));
  const running = new Set<number>();
  let ticking: Promise<SourceRunResult[]> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const slotAfter = (source: IngestSourceRow, at: Date): string | null => {
    const parsed = parseSchedule(source.schedule);
    return parsed.ok ? nextSlot(parsed.schedule, at).toISOString() : null;
  };

  async function runSource(source: IngestSourceRow): Promise<SourceRunResult> {
    const started = clock();
    const actor = `pianificazione:${source.id}`;
    let runId: number | null = null;
    let status: "completato" | "fallito" = "fallito";
    let error: string | null = null;
    try {
      const adapter = adapterFor(source.adapter);
      if (!adapter) throw new InputError(`adattatore sconosciuto «${source.adapter}»`);
      const { content } = await fetchSource(source.url, adapter, options.fetchLimits ?? DEFAULT_FETCH_LIMITS);
      const summary = await runIngest(db, { source: adapter.source, content, input: source.url, publish: source.publish, actor, now: started });
      runId = summary.runId;
      status = summary.status;
      error = summary.error ?? null;
    } catch (e) {
      error = e instanceof InputError ? e.describe() : `errore imprevisto: ${e instanceof Error ? e.message : String(e)}`;
      if (runId === null) {
        runId = startRun(db, { type: "ingest", kind: source.adapter, input: source.url, actor });
        failRun(db, runId, error);
      }
    }
    finishSourceRun(db, source.id, owner, { at: started.toISOString(), runId, status, error, nextRunAt: slotAfter(source, clock()) });
    log(`fonte pianificata «${source.name}»: ${status}${error ? ` — ${error}` : ""}`);
    return { sourceId: source.id, runId, status, error };
  }

  async function doTick(): Promise<SourceRunResult[]> {
    const now = clock();
    for (const source of unscheduledSources(db)) setNextRun(db, source.id, slotAfter(source, now));
    const results: SourceRunResult[] = [];
    for (const source of dueSources(db, now)) {
      if (running.has(source.id)) continue;
      if (!acquireLease(db, source.id, owner, now, leaseMs)) continue;
      running.add(source.id);
      try {
        results.push(await runSource(source));
      } finally {
        running.delete(source.id);
      }
    }
    return results;
  }

  return {
    owner,
    /** One pass over the due sources; overlapping calls share the pass in progress. */
    tick(): Promise<SourceRunResult[]> {
      if (!ticking) {
        ticking = doTick().finally(() => {
          ticking = null;
        });
      }
      return ticking;
    },
    start(intervalMs = 60_000): void {
      if (timer) return;
      timer = setInterval(() => {
        this.tick().catch((e: unknown) => log(`pianificazione: errore ${e instanceof Error ? e.message : String(e)}`));
      }, intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await ticking;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
