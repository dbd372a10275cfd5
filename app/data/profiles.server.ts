import { asc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { aggregationMembers, aggregations, comuni, fundingRecords, maturityEntries, programmeItems } from "~db/schema";
import type { ComuneProfile, FundingRecord, MaturityEntry, ProgrammeItem } from "~/domain/profile";
import { MATURITY_KEYS } from "~/domain/profile";
import { fromCents } from "~/domain/programme";
import { isIstatCode } from "~/domain/territory";
import { aggregationsOfComune } from "./aggregations.server";
import { getComune } from "./comuni.server";
import { listFunding } from "./funding.server";
import { listMaturity, toMaturityEntry } from "./maturity.server";
import { peerComparisonsOf } from "./peers.server";
import { listProgramme, toProgrammeItem } from "./programme.server";

/**
 * What the matching engine reads (issue "Comune profiles"): a comune's registry facts,
 * aggregations, programming, maturity checklist and funding history, as `ComuneProfile`.
 * The batch loaders read every table once (six queries, whatever the number of comuni) and
 * group in memory, so a full re-match of the 7,904 Italian comuni does not query per comune.
 */

const KEY_ORDER = new Map<string, number>(MATURITY_KEYS.map((k, i) => [k, i]));
/** Above this many codes a subset is loaded as "everything, then filtered" (one query per table). */
const SUBSET_LIMIT = 900;

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

export interface LoadProfilesOptions {
  /** Only these comuni (ISTAT codes); all when omitted. */
  istats?: readonly string[];
  /** Include ceased comuni (merged away); default false. */
  includeSuppressed?: boolean;
}

/** Profiles of many comuni in a fixed number of queries, ordered by ISTAT code. */
export function loadProfiles(db: Db, options: LoadProfilesOptions = {}): ComuneProfile[] {
  const subset = options.istats && options.istats.length <= SUBSET_LIMIT ? [...new Set(options.istats)] : undefined;
  if (options.istats && options.istats.length === 0) return [];
  const wanted = options.istats ? new Set(options.istats) : undefined;
  const byIstat = (column: Parameters<typeof inArray>[0]): SQL | undefined => (subset ? inArray(column, subset) : undefined);

  const registry = db
    .select({
      istat: comuni.istat,
      name: comuni.name,
      provinceSigla: comuni.provinceSigla,
      regionCode: comuni.regionCode,
      population: comuni.population,
      sizeCluster: comuni.sizeCluster,
      suppressed: comuni.suppressed,
    })
    .from(comuni)
    .where(byIstat(comuni.istat))
    .orderBy(asc(comuni.istat))
    .all()
    .filter((c) => (options.includeSuppressed || !c.suppressed) && (!wanted || wanted.has(c.istat)));
  if (registry.length === 0) return [];

  const memberships = groupBy(
    db
      .select({ istat: aggregationMembers.istat, id: aggregations.id, name: aggregations.name, type: aggregations.type })
      .from(aggregationMembers)
      .innerJoin(aggregations, eq(aggregations.id, aggregationMembers.aggregationId))
      .where(byIstat(aggregationMembers.istat))
      .orderBy(asc(aggregations.name))
      .all(),
    (r) => r.istat,
  );
  const programme = groupBy(
    db.select().from(programmeItems).where(byIstat(programmeItems.istat)).orderBy(asc(programmeItems.id)).all(),
    (r) => r.istat,
  );
  const maturity = groupBy(db.select().from(maturityEntries).where(byIstat(maturityEntries.istat)).all(), (r) => r.istat);
  const funding = groupBy(
    db
      .select({
        istat: fundingRecords.istat,
        measure: fundingRecords.measure,
        notice: fundingRecords.notice,
        amountCents: fundingRecords.amountCents,
        status: fundingRecords.status,
        fundedOn: fundingRecords.fundedOn,
        statusDate: fundingRecords.statusDate,
        cup: fundingRecords.cup,
      })
      .from(fundingRecords)
      .where(byIstat(fundingRecords.istat))
      .orderBy(asc(fundingRecords.fundedOn), asc(fundingRecords.id))
      .all(),
    (r) => r.istat,
  );

  return registry.map((c) => ({
    istat: c.istat,
    name: c.name,
    provinceSigla: c.provinceSigla,
    regionCode: c.regionCode,
    population: c.population,
    sizeCluster: c.sizeCluster,
    aggregations: (memberships.get(c.istat) ?? []).map((a) => ({ id: a.id, name: a.name, type: a.type })),
    programme: (programme.get(c.istat) ?? []).map(toProgrammeItem) satisfies ProgrammeItem[],
    maturity: (maturity.get(c.istat) ?? [])
      .map(toMaturityEntry)
      .filter((e): e is MaturityEntry => !!e)
      .sort((a, b) => KEY_ORDER.get(a.key)! - KEY_ORDER.get(b.key)!),
    fundingHistory: (funding.get(c.istat) ?? []).map(
      (f): FundingRecord => ({
        measure: f.measure,
        notice: f.notice,
        amount: fromCents(f.amountCents),
        status: f.status,
        fundedOn: f.fundedOn,
        statusDate: f.statusDate,
        cup: f.cup,
      }),
    ),
  }));
}

/** Every active (not ceased) comune's profile: what a full re-match reads. */
export function loadAllProfiles(db: Db): ComuneProfile[] {
  return loadProfiles(db);
}

/** One comune's profile (ceased comuni included), or undefined for an unknown code. */
export function loadComuneProfile(db: Db, istat: string): ComuneProfile | undefined {
  return loadProfiles(db, { istats: [istat], includeSuppressed: true })[0];
}

/** The sections the comune page and `GET /api/v1/comuni/{istat}` show, in display order. */
export function comuneProfileSections(db: Db, istat: string) {
  return {
    aggregations: aggregationsOfComune(db, istat),
    programme: listProgramme(db, istat),
    maturity: listMaturity(db, istat),
    funding: listFunding(db, istat),
    peers: peerComparisonsOf(db, istat),
  };
}

/** The comune for a profile page or editor, or a 404 Response (for loaders and actions). */
export function comuneOr404(db: Db, istat: string) {
  const comune = isIstatCode(istat) ? getComune(db, istat) : undefined;
  if (!comune) throw new Response("Comune non trovato", { status: 404 });
  return comune;
}
