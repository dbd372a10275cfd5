/**
 * A database file at Lombardy scale for the HTTP benchmarks: the 1,506 real comuni, `calls`
 * realistic generated calls (generate-calls.ts) ingested and published through the real
 * pipeline, and realistic profiles (generate-profiles.ts: aggregations, programme items,
 * maturity checklist, PA digitale funding) with the peer comparison rebuilt.
 */
import { openDatabase, writeTransaction } from "~db/client.server";
import { aggregationMembers, aggregations, comuni, fundingRecords, maturityEntries, programmeItems } from "~db/schema";
import { ensureSeeded } from "~db/seed/index.server";
import { recomputePeerComparisons } from "~/data/peers.server";
import { toBandoJsonItem } from "~/domain/call-content";
import { foldText } from "~/domain/text";
import { runIngest } from "~/ingestion/pipeline.server";
import { rematchAll } from "~/jobs/match.server";
import { generateCalls } from "./generate-calls";
import { generateProfiles } from "./generate-profiles";

export interface LombardyDb {
  comuni: number;
  calls: number;
  programmeItems: number;
  fundingRecords: number;
  /** Eligible (comune, call) pairs stored by the full re-match. */
  matches: number;
}

export async function buildLombardyDatabase(path: string, options: { calls: number; seed: number; now: Date; profiles: boolean }): Promise<LombardyDb> {
  const db = openDatabase(path);
  try {
    ensureSeeded(db, { demo: false });
    const rows = db
      .select({ istat: comuni.istat, name: comuni.name, provinceSigla: comuni.provinceSigla, regionCode: comuni.regionCode, population: comuni.population })
      .from(comuni)
      .all();
    const generated = generateCalls({ count: options.calls, seed: options.seed, now: options.now, comuni: rows });
    const content = Buffer.from(
      JSON.stringify({ fonte: "bench", bandi: generated.map(({ id, ...call }) => ({ idFonte: id, ...toBandoJsonItem(call) })) }),
    );
    const ingest = await runIngest(db, { source: "bando-json", content, input: "bench.json", publish: true, now: options.now });
    let items = 0;
    let funding = 0;
    if (options.profiles) {
      const profiles = generateProfiles(rows, options.seed);
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
          const keys = new Set<string>();
          for (const it of p.programme) {
            const key = `${it.instrument}|${foldText(it.title)}`;
            if (keys.has(key)) continue;
            keys.add(key);
            tx.insert(programmeItems)
              .values({
                istat: p.istat,
                title: it.title,
                titleKey: foldText(it.title),
                description: it.description,
                themes: it.themes,
                amountCents: it.amount === null ? null : Math.round(it.amount * 100),
                startYear: it.startYear,
                endYear: it.endYear,
                instrument: it.instrument,
                state: it.state,
                origin: "import",
              })
              .run();
            items++;
          }
          for (const m of p.maturity) {
            tx.insert(maturityEntries).values({ istat: p.istat, key: m.key, state: m.state, date: null, setBy: "rtd", setByUserId: null, source: "bench", updatedAt: options.now.toISOString() }).run();
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
                amountCents: Math.round(f.amount * 100),
                status: f.status,
                appliedAt: null,
                fundedOn: f.fundedOn,
                statusDate: f.fundedOn,
                cup: null,
                ipaCode: null,
                entityName: p.name,
                decree: null,
              })
              .run();
            funding++;
          });
        }
        recomputePeerComparisons(tx);
      });
    }
    const matched = options.profiles ? rematchAll(db, { now: options.now, trigger: "bench" }) : null;
    return { comuni: rows.length, calls: ingest.created, programmeItems: items, fundingRecords: funding, matches: matched?.written ?? 0 };
  } finally {
    db.$client.close();
  }
}
