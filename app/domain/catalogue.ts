/**
 * The public catalogue of calls (/bandi): facets, their predicates, counts and sort orders.
 * Pure: works on the few fields of a call it needs, so the data layer can hand it rows.
 * Decision record: docs/decisions/0071-catalogue-search-and-facets.md.
 */

import { type AmountBand, type CallStatus, type IssuerLevel, type Territory, CALL_STATUSES, ISSUER_LEVELS, callStatus } from "./call";
import { LARGE_LIMIT, SIZE_CLUSTERS, SMALL_LIMIT, type SizeCluster } from "./clusters";
import { LOMBARDY_PROVINCES, LOMBARDY_REGION_CODE, provinceBySigla } from "./territory";
import { THEME_KEYS, type ThemeKey } from "./taxonomy";
import { parseRomeDateTime, romeDateKey } from "./time";

/** What the catalogue reads of a call. */
export interface CatalogueCall {
  title: string;
  themes: readonly string[];
  issuerLevel: IssuerLevel | null;
  territory: Territory;
  populationMin: number | null;
  populationMax: number | null;
  /** Size clusters the call is reserved to; empty = every size. */
  sizeClusters: readonly SizeCluster[];
  amountMin: number | null;
  amountMax: number | null;
  amountBands: readonly AmountBand[];
  opensAt: string | null;
  deadline: string | null;
  publishedAt: string | null;
}

export const ISSUER_LEVEL_LABELS: Record<IssuerLevel, string> = {
  ue: "Unione europea",
  nazionale: "Nazionale",
  regionale: "Regionale",
  locale: "Locale",
  privato: "Fondazioni e privati",
};

export const CALL_STATUS_LABELS: Record<CallStatus, string> = {
  aperto: "Aperto",
  "in-arrivo": "In arrivo",
  chiuso: "Chiuso",
};

/** Deadline windows, in days from today (Rome). */
export const DEADLINE_WINDOWS = [7, 30, 60, 90] as const;
export type DeadlineWindow = (typeof DEADLINE_WINDOWS)[number];

export const DEADLINE_WINDOW_LABELS: Record<DeadlineWindow, string> = {
  7: "Entro 7 giorni",
  30: "Entro 30 giorni",
  60: "Entro 60 giorni",
  90: "Entro 90 giorni",
};

/** Amount ranges on the most a comune can obtain from the call (see `maxAmount`). */
export const AMOUNT_RANGES = ["fino-50k", "50k-250k", "250k-1m", "oltre-1m"] as const;
export type AmountRange = (typeof AMOUNT_RANGES)[number];

export const AMOUNT_RANGE_LABELS: Record<AmountRange, string> = {
  "fino-50k": "Fino a € 50.000",
  "50k-250k": "Da € 50.000 a € 250.000",
  "250k-1m": "Da € 250.000 a € 1.000.000",
  "oltre-1m": "Oltre € 1.000.000",
};

const AMOUNT_BOUNDS: Record<AmountRange, [number, number]> = {
  "fino-50k": [0, 50_000],
  "50k-250k": [50_000, 250_000],
  "250k-1m": [250_000, 1_000_000],
  "oltre-1m": [1_000_000, Number.POSITIVE_INFINITY],
};

export const CATALOGUE_SORTS = ["pertinenza", "scadenza", "importo", "titolo", "recenti"] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];

export const CATALOGUE_SORT_LABELS: Record<CatalogueSort, string> = {
  pertinenza: "Pertinenza della ricerca",
  scadenza: "Scadenza più vicina",
  importo: "Importo più alto",
  titolo: "Titolo (A–Z)",
  recenti: "Pubblicati di recente",
};

export interface CatalogueQuery {
  q: string;
  themes: ThemeKey[];
  levels: IssuerLevel[];
  status: CallStatus | null;
  cluster: SizeCluster | null;
  province: string | null;
  window: DeadlineWindow | null;
  amount: AmountRange | null;
  sort: CatalogueSort;
  page: number;
}

export const EMPTY_CATALOGUE_QUERY: CatalogueQuery = {
  q: "",
  themes: [],
  levels: [],
  status: null,
  cluster: null,
  province: null,
  window: null,
  amount: null,
  sort: "scadenza",
  page: 1,
};

const pick = <T extends string>(list: readonly T[], value: string | null | undefined): T | null =>
  value && (list as readonly string[]).includes(value) ? (value as T) : null;

/**
 * The catalogue's state from its URL. Unknown values are dropped, not errors: a shared link with
 * a stale facet still opens. Lists accept repeated parameters and comma-separated values.
 */
export function parseCatalogueQuery(params: URLSearchParams): CatalogueQuery {
  const list = (name: string) => params.getAll(name).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  const q = (params.get("q") ?? "").trim().slice(0, 200);
  const windowText = params.get("entro");
  const window = DEADLINE_WINDOWS.find((w) => String(w) === windowText) ?? null;
  const province = (params.get("provincia") ?? "").toUpperCase();
  const sort = pick(CATALOGUE_SORTS, params.get("ordina")) ?? (q ? "pertinenza" : "scadenza");
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    q,
    themes: [...new Set(list("tema").filter((t): t is ThemeKey => (THEME_KEYS as readonly string[]).includes(t)))],
    levels: [...new Set(list("livello").filter((l): l is IssuerLevel => (ISSUER_LEVELS as readonly string[]).includes(l)))],
    status: pick(CALL_STATUSES, params.get("stato")),
    cluster: pick(SIZE_CLUSTERS, params.get("fascia")),
    province: provinceBySigla(province)?.sigla ?? null,
    window,
    amount: pick(AMOUNT_RANGES, params.get("importo")),
    sort: sort === "pertinenza" && !q ? "scadenza" : sort,
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, 10_000) : 1,
  };
}

/** The URL parameters of a query (defaults left out), for links, pagination and exports. */
export function catalogueSearchParams(query: CatalogueQuery, overrides: Partial<CatalogueQuery> = {}): URLSearchParams {
  const q = { ...query, ...overrides };
  const params = new URLSearchParams();
  if (q.q) params.set("q", q.q);
  for (const t of q.themes) params.append("tema", t);
  for (const l of q.levels) params.append("livello", l);
  if (q.status) params.set("stato", q.status);
  if (q.cluster) params.set("fascia", q.cluster);
  if (q.province) params.set("provincia", q.province);
  if (q.window) params.set("entro", String(q.window));
  if (q.amount) params.set("importo", q.amount);
  if (q.sort !== (q.q ? "pertinenza" : "scadenza")) params.set("ordina", q.sort);
  if (q.page > 1) params.set("page", String(q.page));
  return params;
}

/** The most a comune can obtain from the call: the largest of its band amounts and maximum; null when none is stated. */
export function maxAmount(call: Pick<CatalogueCall, "amountMax" | "amountBands" | "amountMin">): number | null {
  let best: number | null = call.amountMax ?? null;
  for (const band of call.amountBands) if (best === null || band.amount > best) best = band.amount;
  if (best === null && call.amountMin !== null) best = call.amountMin;
  return best;
}

export function inAmountRange(amount: number | null, range: AmountRange): boolean {
  if (amount === null) return false;
  const [lo, hi] = AMOUNT_BOUNDS[range];
  return range === "fino-50k" ? amount <= hi : amount > lo && amount <= hi;
}

const CLUSTER_RANGE: Record<SizeCluster, [number, number]> = {
  piccolo: [0, SMALL_LIMIT - 1],
  medio: [SMALL_LIMIT, LARGE_LIMIT],
  grande: [LARGE_LIMIT + 1, Number.POSITIVE_INFINITY],
};

/**
 * Whether some comune of the cluster can apply: the call is not reserved to other clusters, and
 * some population of the cluster falls within its bounds.
 */
export function admitsCluster(call: Pick<CatalogueCall, "populationMin" | "populationMax" | "sizeClusters">, cluster: SizeCluster): boolean {
  if (call.sizeClusters.length > 0 && !call.sizeClusters.includes(cluster)) return false;
  const [lo, hi] = CLUSTER_RANGE[cluster];
  return (call.populationMin ?? 0) <= hi && (call.populationMax ?? Number.POSITIVE_INFINITY) >= lo;
}

/** Whether comuni of the (Lombard) province can be inside the call's territory. */
export function coversProvince(call: Pick<CatalogueCall, "territory">, sigla: string): boolean {
  const t = call.territory;
  const province = provinceBySigla(sigla);
  if (t.provinces.length && !t.provinces.includes(sigla)) return false;
  if (province && t.regions.length && !t.regions.includes(LOMBARDY_REGION_CODE)) return false;
  if (province && t.comuni.length && !t.comuni.some((c) => c.startsWith(province.code))) return false;
  return true;
}

/**
 * The end of each deadline window: the end of the Rome day `days` days from today (a window of 7
 * days today includes the whole seventh day).
 */
export function facetContext(now: Date): FacetContext {
  const windowEnds = {} as Record<DeadlineWindow, number>;
  for (const days of DEADLINE_WINDOWS) {
    const day = romeDateKey(new Date(now.getTime() + days * 86_400_000));
    windowEnds[days] = (parseRomeDateTime(day, "end")?.getTime() ?? now.getTime() + days * 86_400_000) + 1000;
  }
  return { now, windowEnds };
}

export interface FacetContext {
  now: Date;
  /** Epoch ms of the end of each deadline window (computed once per request). */
  windowEnds: Record<DeadlineWindow, number>;
}

/** The facets and, for each, which of its options a call matches. */
type FacetName = "themes" | "levels" | "status" | "cluster" | "province" | "window" | "amount";
export const FACETS: readonly FacetName[] = ["themes", "levels", "status", "cluster", "province", "window", "amount"];

export type FacetCounts = {
  themes: Record<ThemeKey, number>;
  levels: Record<IssuerLevel, number>;
  status: Record<CallStatus, number>;
  cluster: Record<SizeCluster, number>;
  province: Record<string, number>;
  window: Record<`${DeadlineWindow}`, number>;
  amount: Record<AmountRange, number>;
};

/** Precomputed per-call features, so filtering and counting do no date parsing or list scans twice. */
export interface CallFeatures {
  status: CallStatus;
  deadlineTime: number | null;
  amount: number | null;
  themes: ReadonlySet<string>;
}

export function callFeatures(call: CatalogueCall, now: Date): CallFeatures {
  return {
    status: callStatus(call, now),
    deadlineTime: call.deadline ? Date.parse(call.deadline) : null,
    amount: maxAmount(call),
    themes: new Set(call.themes),
  };
}

function inWindow(f: CallFeatures, window: DeadlineWindow, ctx: FacetContext): boolean {
  return f.status !== "chiuso" && f.deadlineTime !== null && f.deadlineTime >= ctx.now.getTime() && f.deadlineTime < ctx.windowEnds[window];
}

/** Whether a call passes one facet of the query (a facet left empty passes everything). */
function passes(facet: FacetName, call: CatalogueCall, f: CallFeatures, q: CatalogueQuery, ctx: FacetContext): boolean {
  switch (facet) {
    case "themes":
      return q.themes.length === 0 || q.themes.some((t) => f.themes.has(t));
    case "levels":
      return q.levels.length === 0 || (call.issuerLevel !== null && q.levels.includes(call.issuerLevel));
    case "status":
      return q.status === null || f.status === q.status;
    case "cluster":
      return q.cluster === null || admitsCluster(call, q.cluster);
    case "province":
      return q.province === null || coversProvince(call, q.province);
    case "window":
      return q.window === null || inWindow(f, q.window, ctx);
    case "amount":
      return q.amount === null || inAmountRange(f.amount, q.amount);
  }
}

export function matchesQuery(call: CatalogueCall, f: CallFeatures, q: CatalogueQuery, ctx: FacetContext): boolean {
  for (const facet of FACETS) if (!passes(facet, call, f, q, ctx)) return false;
  return true;
}

function zeroCounts(): FacetCounts {
  const of = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  return {
    themes: of(THEME_KEYS),
    levels: of(ISSUER_LEVELS),
    status: of(CALL_STATUSES),
    cluster: of(SIZE_CLUSTERS),
    province: of(LOMBARDY_PROVINCES.map((p) => p.sigla)),
    window: of(DEADLINE_WINDOWS.map((w) => `${w}` as const)),
    amount: of(AMOUNT_RANGES),
  };
}

/**
 * Facet counts as people expect them: each option counts the calls that would match if it were
 * chosen, with every OTHER facet applied (so choosing a theme does not zero the other themes).
 */
export function facetCounts(items: readonly { call: CatalogueCall; features: CallFeatures }[], q: CatalogueQuery, ctx: FacetContext): FacetCounts {
  const counts = zeroCounts();
  const flags = new Array<boolean>(FACETS.length);
  for (const { call, features: f } of items) {
    let failed = 0;
    let failedFacet = -1;
    for (let i = 0; i < FACETS.length; i++) {
      flags[i] = passes(FACETS[i]!, call, f, q, ctx);
      if (!flags[i]) {
        failed++;
        failedFacet = i;
      }
    }
    if (failed > 1) continue;
    const counts_for = (facet: FacetName) => failed === 0 || FACETS[failedFacet] === facet;
    if (counts_for("themes")) for (const t of f.themes) if (t in counts.themes) counts.themes[t as ThemeKey]++;
    if (counts_for("levels") && call.issuerLevel) counts.levels[call.issuerLevel]++;
    if (counts_for("status")) counts.status[f.status]++;
    if (counts_for("cluster")) for (const c of SIZE_CLUSTERS) if (admitsCluster(call, c)) counts.cluster[c]++;
    if (counts_for("province")) for (const p of LOMBARDY_PROVINCES) if (coversProvince(call, p.sigla)) counts.province[p.sigla] = (counts.province[p.sigla] ?? 0) + 1;
    if (counts_for("window")) for (const w of DEADLINE_WINDOWS) if (inWindow(f, w, ctx)) counts.window[`${w}`]++;
    if (counts_for("amount")) for (const a of AMOUNT_RANGES) if (inAmountRange(f.amount, a)) counts.amount[a]++;
  }
  return counts;
}

const STATUS_RANK: Record<CallStatus, number> = { aperto: 0, "in-arrivo": 1, chiuso: 2 };

/**
 * Sorts in place. `pertinenza` keeps the search order (the caller's); `scadenza` puts open calls
 * first by nearest deadline, then upcoming ones, then those without deadline, closed ones last
 * (most recently closed first); `importo` by the largest amount, unknown last.
 */
export function sortCatalogue<T extends { call: CatalogueCall; features: CallFeatures }>(items: T[], sort: CatalogueSort): T[] {
  if (sort === "pertinenza") return items;
  const byTitle = (a: T, b: T) => a.call.title.localeCompare(b.call.title, "it");
  const compare: Record<Exclude<CatalogueSort, "pertinenza">, (a: T, b: T) => number> = {
    scadenza: (a, b) => {
      const rank = STATUS_RANK[a.features.status] - STATUS_RANK[b.features.status];
      if (rank !== 0) return rank;
      const da = a.features.deadlineTime;
      const db = b.features.deadlineTime;
      if (da !== db) {
        if (da === null) return 1;
        if (db === null) return -1;
        return a.features.status === "chiuso" ? db - da : da - db;
      }
      return byTitle(a, b);
    },
    importo: (a, b) => {
      const x = a.features.amount;
      const y = b.features.amount;
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return y - x;
      }
      return byTitle(a, b);
    },
    titolo: byTitle,
    recenti: (a, b) => (b.call.publishedAt ?? "").localeCompare(a.call.publishedAt ?? "") || byTitle(a, b),
  };
  return items.sort(compare[sort]);
}

/** Whether any facet (not the text or the sort) is set: the page offers to clear them. */
export function hasFacets(q: CatalogueQuery): boolean {
  return q.themes.length > 0 || q.levels.length > 0 || q.status !== null || q.cluster !== null || q.province !== null || q.window !== null || q.amount !== null;
}
