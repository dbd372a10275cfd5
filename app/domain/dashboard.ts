/**
 * The per-comune dashboard's figures and chart data (issue 6, point 1), from its ranked
 * opportunities and its funding comparison. Pure: the same numbers fill the charts, their text
 * alternatives and their data tables.
 */

import { formatDate, formatEuro, formatInteger } from "./format";
import { measureLabel } from "./funding";
import type { PeerComparison, PeerScope } from "./peers";
import { themeLabel } from "./taxonomy";
import { romeDaysBetween } from "./time";

/** What the figures read of an opportunity. */
export interface OpportunityFigures {
  title: string;
  themes: readonly string[];
  deadline: string | null;
  claimable: number | null;
}

export interface KeyFigures {
  /** Open calls the comune is eligible for (also in associated form). */
  openMatches: number;
  /** Sum of the claimable amounts (calls that state one). */
  totalClaimable: number;
  /** Calls without a stated amount (not in the total). */
  withoutAmount: number;
  nearest: { title: string; deadline: string; days: number } | null;
}

export function keyFigures(opps: readonly OpportunityFigures[], now: Date): KeyFigures {
  let totalClaimable = 0;
  let withoutAmount = 0;
  let nearest: KeyFigures["nearest"] = null;
  for (const o of opps) {
    if (o.claimable === null) withoutAmount++;
    else totalClaimable += o.claimable;
    if (o.deadline && Date.parse(o.deadline) >= now.getTime() && (!nearest || o.deadline < nearest.deadline)) {
      nearest = { title: o.title, deadline: o.deadline, days: romeDaysBetween(now, new Date(o.deadline)) };
    }
  }
  return { openMatches: opps.length, totalClaimable, withoutAmount, nearest };
}

export interface ChartData {
  rows: ({ label: string } & Record<string, number | string | null>)[];
  /** One or two Italian sentences: the chart's text alternative. */
  summary: string;
}

/**
 * Claimable amount by theme: a call with several themes counts in each (the summary says so),
 * themes ordered by amount.
 */
export function claimableByTheme(opps: readonly OpportunityFigures[]): ChartData {
  const sums = new Map<string, { amount: number; calls: number }>();
  for (const o of opps) {
    for (const t of o.themes) {
      const s = sums.get(t) ?? { amount: 0, calls: 0 };
      s.amount += o.claimable ?? 0;
      s.calls++;
      sums.set(t, s);
    }
  }
  const rows = [...sums]
    .map(([theme, s]) => ({ label: themeLabel(theme), importo: s.amount, bandi: s.calls }))
    .sort((a, b) => b.importo - a.importo || b.bandi - a.bandi || a.label.localeCompare(b.label, "it"));
  if (rows.length === 0) return { rows, summary: "" };
  const top = rows.slice(0, 3).map((r) => `${r.label} (${formatEuro(r.importo)})`);
  return {
    rows,
    summary: `Importo richiedibile per tema: ${rows.length === 1 ? "un solo tema" : `${formatInteger(rows.length)} temi`}; i principali sono ${top.join(", ")}. Un bando con più temi è contato in ciascuno.`,
  };
}

/** Deadlines in the next `days` days, by week (week 1 = the next 7 days). */
export function deadlineTimeline(opps: readonly OpportunityFigures[], now: Date, days = 90): ChartData {
  const weeks = Math.ceil(days / 7);
  const rows = Array.from({ length: weeks }, (_, w) => {
    const from = new Date(now.getTime() + w * 7 * 86_400_000);
    const to = new Date(now.getTime() + Math.min(days, w * 7 + 6) * 86_400_000);
    return { label: formatDate(from).slice(0, 5), fino: formatDate(to).slice(0, 5), bandi: 0, importo: 0 };
  });
  let counted = 0;
  let first: { title: string; deadline: string } | null = null;
  for (const o of opps) {
    if (!o.deadline) continue;
    const left = romeDaysBetween(now, new Date(o.deadline));
    if (Date.parse(o.deadline) < now.getTime() || left > days) continue;
    const row = rows[Math.min(weeks - 1, Math.floor(left / 7))]!;
    row.bandi++;
    row.importo += o.claimable ?? 0;
    counted++;
    if (!first || o.deadline < first.deadline) first = { title: o.title, deadline: o.deadline };
  }
  if (counted === 0) return { rows: [], summary: "" };
  const busiest = rows.reduce((a, b) => (b.bandi > a.bandi ? b : a));
  return {
    rows,
    summary: `${formatInteger(counted)} ${counted === 1 ? "scadenza" : "scadenze"} nei prossimi ${days} giorni; la prima è «${first!.title}» il ${formatDate(first!.deadline)}. La settimana più fitta è quella dal ${busiest.label} al ${busiest.fino}, con ${formatInteger(busiest.bandi)} ${busiest.bandi === 1 ? "scadenza" : "scadenze"}.`,
  };
}

/** What the funding comparison reads of a peer row (app/data/peers.server.ts). */
export type PeerFigures = Pick<PeerComparison, "measure" | "scope" | "peers" | "peersFunded" | "medianCents" | "ownCents">;

/** Funding obtained per PNRR measure: the comune against the median of its funded peers (same cluster). */
export function fundingVsPeers(rows: readonly PeerFigures[]): ChartData {
  const measures = [...new Set(rows.map((r) => r.measure))];
  const find = (m: string, s: PeerScope) => rows.find((r) => r.measure === m && r.scope === s);
  const data = measures.map((m) => {
    const prov = find(m, "provincia");
    const reg = find(m, "regione");
    const own = (reg ?? prov)?.ownCents ?? null;
    return {
      label: measureLabel(m),
      comune: own === null ? 0 : own / 100,
      provincia: prov?.medianCents != null ? prov.medianCents / 100 : null,
      regione: reg?.medianCents != null ? reg.medianCents / 100 : null,
    };
  });
  if (data.length === 0) return { rows: [], summary: "" };
  const obtained = data.filter((d) => d.comune > 0).length;
  const missed = data.filter((d) => d.comune === 0 && (d.regione ?? 0) > 0).map((d) => d.label);
  return {
    rows: data,
    summary: `Il comune ha ottenuto fondi su ${formatInteger(obtained)} di ${formatInteger(data.length)} misure PNRR.${
      missed.length ? ` Misure in cui comuni simili hanno ottenuto fondi e il comune no: ${missed.join("; ")}.` : ""
    }`,
  };
}

/** A score component as the dashboard shows it. */
export interface ComponentView {
  key: string;
  label: string;
  punti: number;
  max: number;
}

export interface MissingInput {
  associated: boolean;
  /** The eligibility sentence about the associated form (which aggregation, or none). */
  associatedReason: string | null;
  components: readonly ComponentView[];
  cofinancingPct: number | null;
}

/** Below this share of a component's points, the dashboard says what the comune could do. */
export const LOW_SHARE = 0.4;

const MISSING_HINTS: Record<string, string> = {
  programmazione:
    "Nessuna voce della programmazione del comune (DUP, piano triennale ICT) corrisponde bene a questo bando: se l'intervento è in programma, aggiungerla rende l'abbinamento più preciso.",
  importo: "L'importo richiedibile copre poco del fabbisogno previsto dalla programmazione del comune, o il bando non lo indica.",
  tempi: "Resta poco tempo per preparare la domanda.",
  dimensione: "Il bando non è pensato in particolare per i comuni della fascia di questo comune.",
  segnalazioni: "È simile a bandi che il comune ha segnalato come non pertinenti.",
};

/**
 * "Cosa manca": the associated form when needed, co-financing to budget, and the components
 * where the call scores low for the comune (near misses), with what would change them.
 * The maturity component is left out: a low value there means the comune has already done it.
 */
export function whatIsMissing(input: MissingInput): string[] {
  const out: string[] = [];
  if (input.associated) out.push(input.associatedReason ?? "Il comune può partecipare solo in forma associata.");
  if (input.cofinancingPct !== null && input.cofinancingPct > 0) {
    out.push(`Serve un cofinanziamento del ${String(input.cofinancingPct).replace(".", ",")} % del progetto con risorse del comune.`);
  }
  for (const c of input.components) {
    const hint = MISSING_HINTS[c.key];
    if (hint && c.max > 0 && c.punti / c.max < LOW_SHARE) out.push(`${hint} (${formatInteger(c.punti)} su ${formatInteger(c.max)} punti)`);
  }
  return out;
}
