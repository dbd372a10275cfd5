/**
 * The regional overview for ANCI Lombardia (/panoramica, issue 6 point 4): open funding by theme
 * and issuer, uptake of funding by cluster and province, coverage of matches, and the activity
 * plan's engagement indicators. Pure aggregations over rows the data layer reads in a few queries.
 */

import type { CallStatus, IssuerLevel } from "./call";
import { ISSUER_LEVEL_LABELS } from "./catalogue";
import { SIZE_CLUSTERS, type SizeCluster } from "./clusters";
import { formatEuro, formatInteger } from "./format";
import { themeLabel } from "./taxonomy";
import { LOMBARDY_PROVINCES } from "./territory";

export type Row = { label: string } & Record<string, number | string | null>;

export interface OverviewCall {
  themes: readonly string[];
  issuerLevel: IssuerLevel | null;
  budget: number | null;
  status: CallStatus;
}

/** The plan's targets (2021 activity plan, PRODUCT.md): ≥ 250 registered users from ≥ 100 administrations. */
export const ENGAGEMENT_TARGETS = { users: 250, administrations: 100 } as const;

export const CLUSTER_SHORT: Record<SizeCluster, string> = { piccolo: "Piccoli (< 5.000)", medio: "Medi (5.000–15.000)", grande: "Grandi (> 15.000)" };

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

/** Open calls and their total budget (dotazione) by theme: a call with several themes counts in each. */
export function openFundingByTheme(calls: readonly OverviewCall[]): Row[] {
  const sums = new Map<string, { bandi: number; dotazione: number }>();
  for (const c of calls) {
    if (c.status !== "aperto") continue;
    for (const t of c.themes) {
      const s = sums.get(t) ?? { bandi: 0, dotazione: 0 };
      s.bandi++;
      s.dotazione += c.budget ?? 0;
      sums.set(t, s);
    }
  }
  return [...sums]
    .map(([t, s]) => ({ label: themeLabel(t), dotazione: s.dotazione, bandi: s.bandi }))
    .sort((a, b) => b.dotazione - a.dotazione || b.bandi - a.bandi || a.label.localeCompare(b.label, "it"));
}

export function openFundingByIssuer(calls: readonly OverviewCall[]): Row[] {
  const rows = new Map<string, { bandi: number; dotazione: number }>();
  for (const c of calls) {
    if (c.status !== "aperto") continue;
    const key = c.issuerLevel ? ISSUER_LEVEL_LABELS[c.issuerLevel] : "Non indicato";
    const s = rows.get(key) ?? { bandi: 0, dotazione: 0 };
    s.bandi++;
    s.dotazione += c.budget ?? 0;
    rows.set(key, s);
  }
  return [...rows].map(([label, s]) => ({ label, dotazione: s.dotazione, bandi: s.bandi })).sort((a, b) => b.dotazione - a.dotazione || b.bandi - a.bandi);
}

export interface OverviewComune {
  istat: string;
  sizeCluster: SizeCluster;
  provinceSigla: string;
}

function groupRows<T extends OverviewComune>(
  comuni: readonly T[],
  by: "cluster" | "province",
  measure: (group: readonly T[]) => Record<string, number>,
): Row[] {
  const keys = by === "cluster" ? SIZE_CLUSTERS.map((c) => ({ key: c, label: CLUSTER_SHORT[c] })) : LOMBARDY_PROVINCES.map((p) => ({ key: p.sigla, label: `${p.name} (${p.sigla})` }));
  return keys.map(({ key, label }) => ({ label, ...measure(comuni.filter((c) => (by === "cluster" ? c.sizeCluster : c.provinceSigla) === key)) }));
}

/** Uptake of PNRR funding (funding history): comuni funded, their share and the amount obtained, by cluster or province. */
export function uptake(comuni: readonly OverviewComune[], obtainedCents: ReadonlyMap<string, number>, by: "cluster" | "province"): Row[] {
  return groupRows(comuni, by, (group) => {
    const funded = group.filter((c) => (obtainedCents.get(c.istat) ?? 0) > 0);
    const cents = funded.reduce((sum, c) => sum + (obtainedCents.get(c.istat) ?? 0), 0);
    return { comuni: group.length, finanziati: funded.length, quota: share(funded.length, group.length), importo: cents / 100 };
  });
}

/** Match coverage (persisted matches): open matches, comuni with at least one, claimable total, by cluster or province. */
export function matchCoverage(comuni: readonly OverviewComune[], perComune: ReadonlyMap<string, { matches: number; claimable: number }>, by: "cluster" | "province"): Row[] {
  return groupRows(comuni, by, (group) => {
    let matches = 0;
    let claimable = 0;
    let covered = 0;
    for (const c of group) {
      const m = perComune.get(c.istat);
      if (m && m.matches > 0) {
        covered++;
        matches += m.matches;
        claimable += m.claimable;
      }
    }
    return { comuni: group.length, abbinamenti: matches, coperti: covered, senza: group.length - covered, importo: claimable };
  });
}

/** A comune with no open matched call, for the overview's list and its CSV. */
export interface UnmatchedComune extends OverviewComune {
  name: string;
  population: number;
}

/**
 * Every active comune without an open match, most populous first (then by name): the page shows
 * the first ones, /panoramica/comuni-senza-opportunita.csv all of them.
 */
export function comuniWithoutOpenMatch(
  comuni: readonly OverviewComune[],
  perComune: ReadonlyMap<string, { matches: number }>,
  names: ReadonlyMap<string, { name: string; population: number }>,
): UnmatchedComune[] {
  return comuni
    .filter((c) => (perComune.get(c.istat)?.matches ?? 0) === 0)
    .map((c) => ({ ...c, name: names.get(c.istat)?.name ?? c.istat, population: names.get(c.istat)?.population ?? 0 }))
    .sort((a, b) => b.population - a.population || a.name.localeCompare(b.name, "it") || a.istat.localeCompare(b.istat));
}

export interface OverviewUser {
  role: string;
  active: boolean;
  comuni: readonly string[];
}

export interface Engagement {
  users: number;
  administrations: number;
  targets: typeof ENGAGEMENT_TARGETS;
  byRole: Row[];
  /** Comuni with at least one active RTD, by cluster. */
  rtdCoverage: Row[];
}

/**
 * Engagement indicators: registered users are active accounts (password set, not disabled);
 * administrations are the distinct comuni they serve, plus ANCI Lombardia when staff is active.
 */
export function engagement(users: readonly OverviewUser[], comuni: readonly OverviewComune[]): Engagement {
  const active = users.filter((u) => u.active);
  const served = new Set(active.flatMap((u) => u.comuni));
  const staff = active.some((u) => u.role === "admin" || u.role === "redazione");
  const roles = [
    { key: "rtd", label: "RTD dei comuni" },
    { key: "lettore", label: "Lettori" },
    { key: "redazione", label: "Redazione ANCI" },
    { key: "admin", label: "Amministratori" },
  ];
  const rtdServed = new Set(active.filter((u) => u.role === "rtd").flatMap((u) => u.comuni));
  return {
    users: active.length,
    administrations: served.size + (staff ? 1 : 0),
    targets: ENGAGEMENT_TARGETS,
    byRole: roles.map((r) => ({ label: r.label, utenti: active.filter((u) => u.role === r.key).length })),
    rtdCoverage: groupRows(comuni, "cluster", (group) => {
      const withRtd = group.filter((c) => rtdServed.has(c.istat)).length;
      return { comuni: group.length, conRtd: withRtd, quota: share(withRtd, group.length) };
    }),
  };
}

/** Text alternatives of the overview charts. */
export function topSummary(rows: readonly Row[], key: string, what: string, format: "euro" | "integer" | "percent", n = 3): string {
  const shown = rows.filter((r) => typeof r[key] === "number" && (r[key] as number) > 0).slice(0, n);
  if (shown.length === 0) return "";
  const value = (v: number) => (format === "euro" ? formatEuro(v) : format === "percent" ? `${String(v).replace(".", ",")} %` : formatInteger(v));
  return `${what}: ${shown.map((r) => `${r.label} (${value(r[key] as number)})`).join(", ")}.`;
}
