import type { Db } from "~db/client.server";
import type { CallRow, CallSourceRow } from "~db/schema";
import { callStatus, nextStatusChange, type CallStatus } from "~/domain/call";
import { nextRomeMidnight } from "~/domain/time";
import {
  type CallFeatures,
  type CatalogueQuery,
  type FacetCounts,
  admitsCluster,
  coversProvince,
  facetContext,
  facetCounts,
  matchesQuery,
  maxAmount,
  sortCatalogue,
} from "~/domain/catalogue";
import type { SizeCluster } from "~/domain/clusters";
import { foldText } from "~/domain/text";
import { WordIndex } from "~/lib/word-index";
import { catalogueRevision, publishedCallsWithSources } from "./calls.server";

/**
 * The public catalogue of published calls with a prebuilt word index (lib/word-index.ts: fuzzy
 * with fuse.js over the vocabulary, accent- and case-insensitive). The index is
 * rebuilt when the catalogue revision changes — every write to calls bumps it in the same
 * transaction, so changes made by another process (the ingest CLI) are seen too.
 */

export interface CatalogueEntry {
  call: CallRow;
  sources: CallSourceRow[];
}

/** What does not change with the clock: parsed once per catalogue revision. */
interface StaticFeatures {
  opensTime: number | null;
  deadlineTime: number | null;
  amount: number | null;
  themes: ReadonlySet<string>;
}

interface Catalogue {
  revision: string;
  entries: CatalogueEntry[];
  statics: StaticFeatures[];
  index: WordIndex;
}

const GLOBAL_KEY = Symbol.for("cruscotto.catalogue");
type Holder = typeof globalThis & { [GLOBAL_KEY]?: WeakMap<object, Catalogue> };

function cache(): WeakMap<object, Catalogue> {
  const g = globalThis as Holder;
  g[GLOBAL_KEY] ??= new WeakMap();
  return g[GLOBAL_KEY];
}

export function getCatalogue(db: Db): Catalogue {
  const byConnection = cache();
  const revision = catalogueRevision(db);
  const cached = byConnection.get(db.$client);
  if (cached && cached.revision === revision) return cached;
  const entries = publishedCallsWithSources(db);
  const index = new WordIndex(
    entries.map(({ call, sources }) => [
      { text: call.title, weight: 3 },
      { text: call.issuer, weight: 1.5 },
      { text: `${call.pnrrMeasure ?? ""} ${sources.map((s) => s.alias).join(" ")}`, weight: 1 },
      { text: (call.description ?? "").slice(0, 2000), weight: 0.5 },
    ]),
  );
  const statics = entries.map(({ call }) => ({
    opensTime: call.opensAt ? Date.parse(call.opensAt) : null,
    deadlineTime: call.deadline ? Date.parse(call.deadline) : null,
    amount: maxAmount(call),
    themes: new Set<string>(call.themes),
  }));
  const catalogue = { revision, entries, statics, index };
  byConnection.set(db.$client, catalogue);
  return catalogue;
}

/**
 * Until when what the catalogue shows at `now` stays true: the next opening or deadline of a
 * published call, or the next Rome midnight (countdowns count Rome days), whichever comes first.
 */
export function catalogueValidUntil(db: Db, now: Date): number {
  return Math.min(nextStatusChange(getCatalogue(db).statics, now), nextRomeMidnight(now).getTime());
}

export interface CatalogueFilters {
  q?: string;
  temi?: string[];
  ente?: string;
  stato?: CallStatus;
  fascia?: SizeCluster;
  provincia?: string;
  /** `YYYY-MM-DD`: deadline on or before the end of that day in Rome; calls without deadline excluded. */
  scadenzaEntroIso?: string;
}

export { admitsCluster, coversProvince };

export function searchCatalogue(db: Db, filters: CatalogueFilters, now = new Date()): CatalogueEntry[] {
  const catalogue = getCatalogue(db);
  let entries: CatalogueEntry[];
  const q = filters.q ? foldText(filters.q) : "";
  if (q) entries = catalogue.index.search(q).map((r) => catalogue.entries[r.doc]!);
  else {
    entries = [...catalogue.entries].sort(
      (a, b) =>
        (a.call.deadline === null ? 1 : 0) - (b.call.deadline === null ? 1 : 0) ||
        (a.call.deadline ?? "").localeCompare(b.call.deadline ?? "") ||
        a.call.title.localeCompare(b.call.title, "it"),
    );
  }
  const ente = filters.ente ? foldText(filters.ente) : "";
  const until = filters.scadenzaEntroIso ? Date.parse(filters.scadenzaEntroIso) : null;
  return entries.filter(({ call }) => {
    if (filters.temi?.length && !filters.temi.some((t) => (call.themes as string[]).includes(t))) return false;
    if (ente && !foldText(call.issuer).includes(ente)) return false;
    if (filters.stato && callStatus(call, now) !== filters.stato) return false;
    if (filters.fascia && !admitsCluster(call, filters.fascia)) return false;
    if (filters.provincia && !coversProvince(call, filters.provincia)) return false;
    if (until !== null && (call.deadline === null || Date.parse(call.deadline) > until)) return false;
    return true;
  });
}

export interface BrowsedEntry extends CatalogueEntry {
  features: CallFeatures;
}

export interface CatalogueResult {
  /** Every matching entry in the requested order (pages and exports slice it). */
  entries: BrowsedEntry[];
  total: number;
  counts: FacetCounts;
}

function statusAt(s: StaticFeatures, t: number): CallStatus {
  if (s.opensTime !== null && s.opensTime > t) return "in-arrivo";
  if (s.deadlineTime !== null && s.deadlineTime < t) return "chiuso";
  return "aperto";
}

/**
 * The catalogue page (/bandi) and its exports: fuzzy text search on the prebuilt index, then the
 * facets (counted with every other facet applied), then the sort. Dates are parsed once per
 * catalogue revision; only the status is worked out per request.
 */
export function browseCatalogue(db: Db, query: CatalogueQuery, now = new Date()): CatalogueResult {
  const catalogue = getCatalogue(db);
  const t = now.getTime();
  const q = query.q ? foldText(query.q) : "";
  const indexes = q ? catalogue.index.search(q).map((r) => r.doc) : catalogue.entries.map((_, i) => i);
  const ctx = facetContext(now);
  const candidates: BrowsedEntry[] = indexes.map((i) => {
    const s = catalogue.statics[i]!;
    const entry = catalogue.entries[i]!;
    return { ...entry, features: { status: statusAt(s, t), deadlineTime: s.deadlineTime, amount: s.amount, themes: s.themes } };
  });
  const counts = facetCounts(candidates, query, ctx);
  const entries = sortCatalogue(
    candidates.filter((c) => matchesQuery(c.call, c.features, query, ctx)),
    query.sort,
  );
  return { entries, total: entries.length, counts };
}
