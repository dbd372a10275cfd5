/**
 * The explainable score: six components, each a value 0–1 times its weight (maximum points) from
 * the configuration, rounded to whole points; the total is their sum (0–100). Model and
 * rationale: docs/decisions/0050-scoring-model.md.
 *
 * Every component that depends on the programme takes the MAXIMUM over its items, so adding an
 * item never lowers a score.
 */

import type { Call } from "../call";
import type { SizeCluster } from "../clusters";
import { formatEuro, formatInteger } from "../format";
import { type ComuneProfile, type FundingRecord, MATURITY_KEYS, MATURITY_LABELS } from "../profile";
import { themeLabel } from "../taxonomy";
import { bandFor } from "./amount";
import { type CompiledCall, compileCall, popcount, termWeight, themesOfMask } from "./compile";
import { COMPONENT_KEYS, type ComponentKey, DEFAULT_SCORING_CONFIG, type ScoringConfig } from "./config";
import { DISMISSAL_REASON_LABELS, type DismissalInput } from "./dismissal";
import { type CompiledDismissal, type CompiledProfile, type ProfileTable, THEME_COUNT, clusterOf, compileProfile } from "./profile-table";
import type { PackedVector, SparseVector, TextModel } from "./text-vectors";

export interface ScoreComponent {
  punti: number;
  max: number;
}

export type ScoreComponents = Record<ComponentKey, ScoreComponent>;

export interface ScoreReason {
  component: ComponentKey;
  text: string;
  /** Points at stake behind the sentence; reasons are sorted by it, descending. */
  importance: number;
}

export interface ScoreResult {
  /** Integer 0–100. */
  total: number;
  components: ScoreComponents;
  /** `importoRichiedibile` for the comune's population. */
  claimableAmount: number | null;
  /** Short Italian sentences, most important first. */
  reasons: string[];
  details: ScoreReason[];
}

export interface ScoringContext {
  now: Date;
  config?: ScoringConfig;
  textModel?: TextModel;
  /** The call's precomputed vector (else computed from its text with `textModel`). */
  callVector?: SparseVector;
  /** Precomputed vectors of the programme items by item id. */
  itemVectors?: ReadonlyMap<number, SparseVector>;
  /** The comune's "non pertinente" dismissals. */
  dismissals?: readonly DismissalInput[];
}

/** The numbers of one pair, written into a reusable object by `scorePair` (batch path). */
export interface PairScore {
  total: number;
  /** Points per component, in COMPONENT_KEYS order. */
  points: Int32Array;
  /** `importoRichiedibile`, NaN when null. */
  claimable: number;
}

export function newPairScore(): PairScore {
  return { total: 0, points: new Int32Array(COMPONENT_KEYS.length), claimable: Number.NaN };
}

// ---------------------------------------------------------------------------------------------
// Component values (0–1). Small pure functions over a compiled call and a profile-table row.

/**
 * Scratch space for the per-item fits of the pair being scored: written by `programmeValue`,
 * read by `moneyValue` and the explanations of the same pair (single-threaded reuse).
 */
let fits = new Float64Array(64);

function fitsFor(count: number): Float64Array {
  if (fits.length < count) fits = new Float64Array(Math.max(count, fits.length * 2));
  return fits;
}

/** Cosine of the call's vector with item i's vector in the table: the item's terms looked up in the call's term table. */
function itemCosine(cc: CompiledCall, t: ProfileTable, i: number): number {
  const table = cc.termTable;
  const terms = t.terms;
  const weights = t.weights;
  const end = t.termStart[i + 1] as number;
  let dot = 0;
  for (let k = t.termStart[i] as number; k < end; k++) {
    const w = termWeight(table, terms[k] as number);
    if (w !== 0) dot += w * (weights[k] as number);
  }
  return dot > 1 ? 1 : dot;
}

/** Cosine of the call's vector with another packed vector, through the call's term table. */
function tableCosine(cc: CompiledCall, v: PackedVector): number {
  let dot = 0;
  for (let k = 0; k < v.terms.length; k++) {
    const w = termWeight(cc.termTable, v.terms[k] as number);
    if (w !== 0) dot += w * (v.weights[k] as number);
  }
  return dot > 1 ? 1 : dot;
}

/** Fit of programme item i with the call: theme overlap and text similarity, times its state. */
function itemFit(cc: CompiledCall, t: ProfileTable, i: number, config: ScoringConfig): number {
  const common = popcount(cc.themeMask & (t.itemMask[i] as number));
  // Overlap coefficient: 1 when the item's themes lie within the call's, or vice versa.
  const themeFit = common === 0 ? 0 : common / Math.min(cc.themeIndexes.length, t.itemThemeCount[i] as number);
  const textFit = Math.min(1, itemCosine(cc, t, i) / config.programme.textSaturation);
  const share = config.programme.themeShare;
  return (t.itemFactor[i] as number) * (share * themeFit + (1 - share) * textFit);
}

/** Programme fit: the best item's fit. Leaves every item's fit in the scratch `fits`. */
function programmeValue(cc: CompiledCall, t: ProfileTable, r: number, config: ScoringConfig): number {
  const start = t.itemStart[r] as number;
  const end = t.itemStart[r + 1] as number;
  const out = fitsFor(end - start);
  let best = 0;
  for (let i = start; i < end; i++) {
    const fit = itemFit(cc, t, i, config);
    out[i - start] = fit;
    if (fit > best) best = fit;
  }
  return best;
}

/** Theme index (THEME_KEYS) with the largest maturity gap among the call's themes, or -1. */
function gapTheme(cc: CompiledCall, t: ProfileTable, r: number): number {
  let best = -1;
  let theme = -1;
  const base = r * THEME_COUNT;
  const themes = cc.themeIndexes;
  for (let k = 0; k < themes.length; k++) {
    const gap = t.themeGap[base + (themes[k] as number)] as number;
    if (gap > best) {
      best = gap;
      theme = themes[k] as number;
    }
  }
  return best < 0 ? -1 : theme;
}

function alreadyFunded(cc: CompiledCall, t: ProfileTable, r: number): FundingRecord | undefined {
  return cc.measure === null ? undefined : t.funded[r]?.get(cc.measure);
}

function maturityValue(cc: CompiledCall, t: ProfileTable, r: number, config: ScoringConfig): number {
  const theme = gapTheme(cc, t, r);
  const gap = theme < 0 ? config.maturity.neutral : (t.themeGap[r * THEME_COUNT + theme] as number);
  return alreadyFunded(cc, t, r) ? gap * config.maturity.alreadyFundedFactor : gap;
}

function claimableFor(cc: CompiledCall, population: number): number {
  const band = bandFor(cc.bands, population);
  if (band) return band.amount;
  return cc.amountMax ?? Number.NaN;
}

/** `claimableAmount` on a compiled call (its bands are sorted once). */
export function compiledClaimable(cc: CompiledCall, population: number): number | null {
  const amount = claimableFor(cc, population);
  return Number.isNaN(amount) ? null : amount;
}

/**
 * The budgeted, matching item (offset within the row) whose budget the claimable amount covers
 * best, and that coverage; -1 and 0 when none. Reads the fits of the pair in `fits`.
 */
let budgetItem = -1;
function bestCoverage(t: ProfileTable, r: number, claimable: number, config: ScoringConfig): number {
  const start = t.itemStart[r] as number;
  const end = t.itemStart[r + 1] as number;
  budgetItem = -1;
  let best = 0;
  for (let i = start; i < end; i++) {
    const amount = t.itemAmount[i] as number;
    if ((fits[i - start] as number) < config.money.itemFitThreshold || Number.isNaN(amount)) continue;
    const coverage = Math.min(1, claimable / amount);
    if (coverage > best) {
      best = coverage;
      budgetItem = i - start;
    }
  }
  return best;
}

function baselineValue(cc: CompiledCall, t: ProfileTable, r: number, claimable: number, config: ScoringConfig): number {
  return Math.min(1, claimable / (cc.referenceBudgets[t.cluster[r] as number] as number)) * config.money.baselineShare;
}

function moneyValue(cc: CompiledCall, t: ProfileTable, r: number, claimable: number, config: ScoringConfig): number {
  const cofinancing = cc.cofinancingFactors[t.cluster[r] as number] as number;
  if (Number.isNaN(claimable)) return config.money.unknown * cofinancing;
  const baseline = baselineValue(cc, t, r, claimable, config);
  const coverage = bestCoverage(t, r, claimable, config);
  return (coverage > baseline ? coverage : baseline) * cofinancing;
}

/** Similarity 0–1 between the call and a dismissed call: themes (Jaccard) and text, same measure, same call. */
function dismissalSimilarity(cc: CompiledCall, d: CompiledDismissal, config: ScoringConfig): number {
  if (d.input.callId === cc.call.id) return 1;
  const union = popcount(cc.themeMask | d.themeMask);
  const jaccard = union === 0 ? 0 : popcount(cc.themeMask & d.themeMask) / union;
  const share = config.feedback.themeShare;
  const similarity = share * jaccard + (1 - share) * tableCosine(cc, d.vector);
  return d.measure !== null && d.measure === cc.measure ? Math.max(similarity, 0.9) : similarity;
}

/** The dismissal weighing most on the last pair (index in its list, -1 if none), set by `dismissalPenalty`. */
let strongest = -1;

/** The penalty 0–1 of the dismissal weighing most on this call (0 if none); sets `strongest`. */
function dismissalPenalty(cc: CompiledCall, dismissals: readonly CompiledDismissal[], config: ScoringConfig): number {
  let index = -1;
  let penalty = 0;
  for (let i = 0; i < dismissals.length; i++) {
    const d = dismissals[i] as CompiledDismissal;
    const similarity = dismissalSimilarity(cc, d, config);
    if (similarity < config.feedback.minSimilarity) continue;
    const p = similarity * config.feedback.reasonFactor[d.reason];
    if (p > penalty) {
      penalty = p;
      index = i;
    }
  }
  strongest = index;
  return penalty;
}

// ---------------------------------------------------------------------------------------------
// Scoring

/**
 * Scores one pair (call, table row) into `out` without building any text (the batch path).
 * Component order is COMPONENT_KEYS; the total is the sum of the rounded component points,
 * clamped to 0–100.
 */
export function scoreRow(cc: CompiledCall, t: ProfileTable, r: number, config: ScoringConfig, out: PairScore): void {
  const w = config.weights;
  const claimable = claimableFor(cc, t.population[r] as number);
  const points = out.points;
  points[0] = Math.round(programmeValue(cc, t, r, config) * w.programmazione);
  points[1] = Math.round(maturityValue(cc, t, r, config) * w.maturita);
  points[2] = Math.round(moneyValue(cc, t, r, claimable, config) * w.importo);
  points[3] = Math.round(cc.timeValue * w.tempi);
  points[4] = Math.round(cc.sizeValue * w.dimensione);
  const dismissals = t.dismissals[r];
  points[5] = dismissals ? Math.round((1 - dismissalPenalty(cc, dismissals, config)) * w.segnalazioni) : w.segnalazioni;
  let total = 0;
  for (let i = 0; i < points.length; i++) total += points[i] as number;
  out.total = total < 0 ? 0 : total > 100 ? 100 : total;
  out.claimable = claimable;
}

/** `scoreRow` on a compiled profile. */
export function scorePair(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig, out: PairScore): void {
  scoreRow(cc, cp.table, cp.row, config, out);
}

function percent(value: number): string {
  return `${formatInteger(Math.round(value * 100))} %`;
}

function quoted(text: string, max = 80): string {
  return `«${text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text}»`;
}

const CLUSTER_ADJECTIVE: Record<SizeCluster, string> = { piccolo: "piccolo", medio: "medio", grande: "grande" };

function programmeReasons(cc: CompiledCall, cp: CompiledProfile, value: number, config: ScoringConfig): ScoreReason[] {
  const weight = config.weights.programmazione;
  const items = profileOf(cp).programme;
  if (items.length === 0) {
    return [{ component: "programmazione", importance: weight * 0.1, text: "Il comune non ha ancora inserito la propria programmazione." }];
  }
  if (value < 0.15) {
    return [{ component: "programmazione", importance: weight * 0.5, text: "Nessuna voce della programmazione del comune riguarda i temi del bando." }];
  }
  let best = 0;
  for (let i = 1; i < items.length; i++) if ((fits[i] as number) > (fits[best] as number)) best = i;
  const item = items[best];
  if (!item) return [];
  const where = item.instrument === "altro" ? "della programmazione" : `del ${item.instrument}`;
  const itemMask = cp.table.itemMask[(cp.table.itemStart[cp.row] as number) + best] as number;
  const common = themesOfMask(cc.themeMask & itemMask).map(themeLabel);
  const text =
    common.length > 0
      ? `In linea con la voce ${quoted(item.title)} ${where}, ${common.length === 1 ? "sul tema" : "sui temi"} ${common.map((c) => `«${c}»`).join(", ")}.`
      : `Il testo del bando è simile alla voce ${quoted(item.title)} ${where}.`;
  return [{ component: "programmazione", importance: weight * Math.abs(value - 0.5), text }];
}

function maturityReasons(cc: CompiledCall, cp: CompiledProfile, value: number, config: ScoringConfig): ScoreReason[] {
  const weight = config.weights.maturita;
  const reasons: ScoreReason[] = [];
  const { table: t, row: r } = cp;
  const theme = gapTheme(cc, t, r);
  const key = theme >= 0 ? MATURITY_KEYS[t.themeGapKey[r * THEME_COUNT + theme] as number] : undefined;
  if (key) {
    const label = MATURITY_LABELS[key];
    const entry = profileOf(cp).maturity.find((e) => e.key === key);
    const text = !entry
      ? `Lo stato di «${label}» non è indicato nella checklist del comune.`
      : entry.state === "non-avviato"
        ? `Il comune non ha ancora avviato «${label}»: il bando finanzia un passo che manca.`
        : entry.state === "in-corso"
          ? `«${label}» è in corso: il bando può aiutare a completarlo.`
          : `Il comune ha già completato «${label}».`;
    reasons.push({ component: "maturita", importance: weight * Math.abs(value - 0.5), text });
  }
  const funded = alreadyFunded(cc, t, r);
  if (funded) {
    reasons.push({
      component: "maturita",
      importance: weight * (1 - config.maturity.alreadyFundedFactor),
      text: `Il comune ha già ottenuto un finanziamento per la misura ${cc.measure} (${formatEuro(funded.amount)}).`,
    });
  }
  return reasons;
}

function moneyReasons(cc: CompiledCall, cp: CompiledProfile, claimable: number, value: number, config: ScoringConfig): ScoreReason[] {
  const weight = config.weights.importo;
  const { table: t, row: r } = cp;
  const cluster = clusterOf(t, r);
  const reasons: ScoreReason[] = [];
  const importance = weight * Math.abs(value - 0.5);
  if (Number.isNaN(claimable)) {
    reasons.push({ component: "importo", importance, text: "Il bando non indica l'importo richiedibile." });
  } else {
    const coverage = bestCoverage(t, r, claimable, config);
    const item = budgetItem >= 0 && coverage >= baselineValue(cc, t, r, claimable, config) ? profileOf(cp).programme[budgetItem] : undefined;
    const amount = formatEuro(claimable);
    if (item && item.amount !== null) {
      const planned = `${quoted(item.title)} (${formatEuro(item.amount)})`;
      reasons.push({
        component: "importo",
        importance,
        text:
          coverage >= 1
            ? `L'importo richiedibile (${amount}) copre il budget previsto per ${planned}.`
            : `L'importo richiedibile (${amount}) copre il ${percent(coverage)} del budget previsto per ${planned}.`,
      });
    } else {
      reasons.push({ component: "importo", importance, text: `Importo richiedibile: ${amount}.` });
    }
  }
  const cost = 1 - (cc.cofinancingFactors[t.cluster[r] as number] as number);
  if (cc.cofinancing > 0) {
    const heavy = cost >= 0.15 && cluster === "piccolo" ? ", oneroso per un piccolo comune" : "";
    reasons.push({
      component: "importo",
      importance: weight * cost,
      text: `Richiede un cofinanziamento del ${percent(cc.cofinancing)}${heavy}.`,
    });
  }
  return reasons;
}

function timeReasons(cc: CompiledCall, config: ScoringConfig): ScoreReason[] {
  const importance = config.weights.tempi * Math.abs(cc.timeValue - 0.5);
  const call = cc.call;
  const d = cc.daysLeft;
  if (d === null || cc.deadlineText === null) {
    return [{ component: "tempi", importance, text: "A sportello fino a esaurimento delle risorse: conviene presentare la domanda presto." }];
  }
  if (d < 0) return [];
  const date = cc.deadlineText;
  const opening = cc.status === "in-arrivo" && cc.opensText ? `Apre il ${cc.opensText}; ` : "";
  const when = d === 0 ? "oggi" : d === 1 ? "domani" : `tra ${formatInteger(d)} giorni`;
  const { minPreparationDays, horizonDays } = config.time;
  let text: string;
  if (d < minPreparationDays) text = `${opening}scade ${when} (${date}): meno dei ${minPreparationDays} giorni minimi per preparare la domanda.`;
  else if (d <= horizonDays) text = `${opening}scade ${when} (${date}): c'è il tempo per preparare la domanda.`;
  else text = `${opening}scadenza lontana (${date}): c'è tempo per programmare la domanda.`;
  text = text.charAt(0).toUpperCase() + text.slice(1);
  if (call.procedure === "sportello") text += " È a sportello: le risorse possono esaurirsi prima.";
  return [{ component: "tempi", importance, text }];
}

function sizeReasons(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig): ScoreReason[] {
  const importance = config.weights.dimensione * Math.abs(cc.sizeValue - 0.5);
  const call = cc.call;
  const bounds =
    call.populationMin !== null && call.populationMax !== null
      ? `tra ${formatInteger(call.populationMin)} e ${formatInteger(call.populationMax)} abitanti`
      : call.populationMax !== null
        ? `fino a ${formatInteger(call.populationMax)} abitanti`
        : call.populationMin !== null
          ? `con almeno ${formatInteger(call.populationMin)} abitanti`
          : null;
  const target = bounds ? `ai comuni ${bounds}` : "ad alcune fasce dimensionali";
  let text: string;
  switch (cc.sizeTargeting) {
    case "one-cluster":
      text = `Bando riservato ${target}: mirato alla fascia del comune (${CLUSTER_ADJECTIVE[clusterOf(cp.table, cp.row)]}).`;
      break;
    case "two-clusters":
    case "any-size":
      text = `Bando riservato ${target}.`;
      break;
    case "banded":
      text = "Importi modulati per fascia di popolazione.";
      break;
    case "generic":
      text = "Bando rivolto a comuni di ogni dimensione.";
      break;
  }
  return [{ component: "dimensione", importance, text }];
}

function feedbackReasons(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig): ScoreReason[] {
  const dismissals = cp.table.dismissals[cp.row];
  if (!dismissals) return [];
  const penalty = dismissalPenalty(cc, dismissals, config);
  const d = dismissals[strongest];
  if (!d || penalty <= 0) return [];
  const text =
    d.input.callId === cc.call.id
      ? `Segnalato dal comune come non pertinente (${DISMISSAL_REASON_LABELS[d.reason]}).`
      : `Simile a ${quoted(d.input.call.title)}, segnalato dal comune come non pertinente (${DISMISSAL_REASON_LABELS[d.reason]}).`;
  return [{ component: "segnalazioni", importance: config.weights.segnalazioni * penalty * 1.5, text }];
}

function profileOf(cp: CompiledProfile): ComuneProfile {
  return cp.table.profiles[cp.row] as ComuneProfile;
}

/** Scores a compiled pair and explains it: components, and reasons most important first. */
export function explainScore(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig = DEFAULT_SCORING_CONFIG): ScoreResult {
  const pair = newPairScore();
  scorePair(cc, cp, config, pair);
  // scorePair left the item fits of this pair in `fits`: the reasons below read them.
  const components = {} as ScoreComponents;
  COMPONENT_KEYS.forEach((key, i) => {
    components[key] = { punti: pair.points[i] as number, max: config.weights[key] };
  });
  const itemCount = profileOf(cp).programme.length;
  let programme = 0;
  for (let i = 0; i < itemCount; i++) if ((fits[i] as number) > programme) programme = fits[i] as number;
  const value = (key: ComponentKey) => (config.weights[key] === 0 ? 0 : components[key].punti / config.weights[key]);
  const details = [
    ...programmeReasons(cc, cp, programme, config),
    ...maturityReasons(cc, cp, value("maturita"), config),
    ...moneyReasons(cc, cp, pair.claimable, value("importo"), config),
    ...timeReasons(cc, config),
    ...sizeReasons(cc, cp, config),
    ...feedbackReasons(cc, cp, config),
  ]
    .filter((r) => config.weights[r.component] > 0)
    .map((r) => ({ ...r, importance: Math.round(r.importance * 1000) / 1000 }));
  const order = (key: ComponentKey) => COMPONENT_KEYS.indexOf(key);
  // Deterministic: importance descending, then component order, then text.
  details.sort((a, b) => b.importance - a.importance || order(a.component) - order(b.component) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return {
    total: pair.total,
    components,
    claimableAmount: Number.isNaN(pair.claimable) ? null : pair.claimable,
    reasons: details.map((r) => r.text),
    details,
  };
}

/**
 * `score(call, profile, context)`: the explained score of one pair, compiling both sides on the
 * fly (pass precomputed vectors in the context to avoid vectorising). Eligibility is separate:
 * this scores the fit as if the comune could apply.
 */
export function score(call: Call, profile: ComuneProfile, context: ScoringContext): ScoreResult {
  const config = context.config ?? DEFAULT_SCORING_CONFIG;
  const cc = compileCall(call, { now: context.now, config, textModel: context.textModel, vector: context.callVector });
  const cp = compileProfile(profile, { config, textModel: context.textModel, itemVectors: context.itemVectors, dismissals: context.dismissals });
  return explainScore(cc, cp, config);
}
