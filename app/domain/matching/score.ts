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
import { formatDate, formatEuro, formatInteger } from "../format";
import { type ComuneProfile, MATURITY_KEYS, MATURITY_LABELS } from "../profile";
import { themeLabel } from "../taxonomy";
import { bandFor } from "./amount";
import {
  type CompiledCall,
  type CompiledDismissal,
  type CompiledProfile,
  compileCall,
  compileProfile,
  packedCosine,
  popcount,
  themesOfMask,
} from "./compile";
import { COMPONENT_KEYS, type ComponentKey, DEFAULT_SCORING_CONFIG, type ScoringConfig } from "./config";
import { DISMISSAL_REASON_LABELS, type DismissalInput } from "./dismissal";
import type { SparseVector, TextModel } from "./text-vectors";

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
// Component values (0–1). Each is a small pure function over compiled forms.

/** Fit of one programme item with the call: theme overlap and text similarity, times its state. */
function itemFit(cc: CompiledCall, cp: CompiledProfile, i: number, config: ScoringConfig): number {
  const mask = cp.itemThemeMasks[i] as number;
  const common = popcount(cc.themeMask & mask);
  // Overlap coefficient: 1 when the item's themes lie within the call's, or vice versa.
  const themeFit = common === 0 ? 0 : common / Math.min(cc.themeIndexes.length, cp.itemThemeCounts[i] as number);
  const similarity = packedCosine(cc.vector, cp.itemVectors[i] as (typeof cp.itemVectors)[number]);
  const textFit = Math.min(1, similarity / config.programme.textSaturation);
  const share = config.programme.themeShare;
  return (cp.itemFactors[i] as number) * (share * themeFit + (1 - share) * textFit);
}

/** Programme fit: the best item's fit. Leaves every item's fit in `cp.itemFits` for `moneyValue`. */
function programmeValue(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig): number {
  let best = 0;
  for (let i = 0; i < cp.itemFits.length; i++) {
    const fit = itemFit(cc, cp, i, config);
    cp.itemFits[i] = fit;
    if (fit > best) best = fit;
  }
  return best;
}

/** Theme index (THEME_KEYS) with the largest maturity gap among the call's themes, or -1. */
function gapTheme(cc: CompiledCall, cp: CompiledProfile): number {
  let best = -1;
  let theme = -1;
  for (const t of cc.themeIndexes) {
    const gap = cp.themeGap[t] as number;
    if (gap > best) {
      best = gap;
      theme = t;
    }
  }
  return best < 0 ? -1 : theme;
}

function maturityValue(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig): number {
  const t = gapTheme(cc, cp);
  const gap = t < 0 ? config.maturity.neutral : (cp.themeGap[t] as number);
  return cc.measure !== null && cp.fundedMeasures.has(cc.measure) ? gap * config.maturity.alreadyFundedFactor : gap;
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

/** Index of the budgeted, matching item the claimable amount covers best, or -1 (needs `cp.itemFits`). */
function bestBudgetItem(cp: CompiledProfile, claimable: number, config: ScoringConfig): [index: number, coverage: number] {
  let index = -1;
  let best = 0;
  for (let i = 0; i < cp.itemFits.length; i++) {
    const amount = cp.itemAmounts[i] as number;
    if ((cp.itemFits[i] as number) < config.money.itemFitThreshold || Number.isNaN(amount)) continue;
    const coverage = Math.min(1, claimable / amount);
    if (coverage > best) {
      best = coverage;
      index = i;
    }
  }
  return [index, best];
}

function cofinancingFactor(cc: CompiledCall, cluster: SizeCluster, config: ScoringConfig): number {
  return 1 - cc.cofinancing * config.money.cofinancingWeight[cluster];
}

function moneyValue(cc: CompiledCall, cp: CompiledProfile, claimable: number, config: ScoringConfig): number {
  const cluster = cp.profile.sizeCluster;
  if (Number.isNaN(claimable)) return config.money.unknown * cofinancingFactor(cc, cluster, config);
  const baseline = Math.min(1, claimable / config.money.referenceBudget[cluster]) * config.money.baselineShare;
  const [, coverage] = bestBudgetItem(cp, claimable, config);
  return Math.max(baseline, coverage) * cofinancingFactor(cc, cluster, config);
}

/** Similarity 0–1 between the call and a dismissed call: themes (Jaccard) and text, same measure, same call. */
function dismissalSimilarity(cc: CompiledCall, d: CompiledDismissal, config: ScoringConfig): number {
  if (d.input.callId === cc.call.id) return 1;
  const union = popcount(cc.themeMask | d.themeMask);
  const jaccard = union === 0 ? 0 : popcount(cc.themeMask & d.themeMask) / union;
  const share = config.feedback.themeShare;
  const similarity = share * jaccard + (1 - share) * packedCosine(cc.vector, d.vector);
  return d.measure !== null && d.measure === cc.measure ? Math.max(similarity, 0.9) : similarity;
}

/** The dismissal weighing most on this call and its penalty 0–1, or [-1, 0]. */
function strongestDismissal(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig): [index: number, penalty: number] {
  let index = -1;
  let penalty = 0;
  for (let i = 0; i < cp.dismissals.length; i++) {
    const d = cp.dismissals[i] as CompiledDismissal;
    const similarity = dismissalSimilarity(cc, d, config);
    if (similarity < config.feedback.minSimilarity) continue;
    const p = similarity * config.feedback.reasonFactor[d.reason];
    if (p > penalty) {
      penalty = p;
      index = i;
    }
  }
  return [index, penalty];
}

// ---------------------------------------------------------------------------------------------
// Scoring

/**
 * Scores one pair into `out` without building any text (the batch path). Component order is
 * COMPONENT_KEYS; the total is the sum of the rounded component points, clamped to 0–100.
 */
export function scorePair(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig, out: PairScore): void {
  const w = config.weights;
  const claimable = claimableFor(cc, cp.profile.population);
  const programme = programmeValue(cc, cp, config);
  const points = out.points;
  points[0] = Math.round(programme * w.programmazione);
  points[1] = Math.round(maturityValue(cc, cp, config) * w.maturita);
  points[2] = Math.round(moneyValue(cc, cp, claimable, config) * w.importo);
  points[3] = Math.round(cc.timeValue * w.tempi);
  points[4] = Math.round(cc.sizeValue * w.dimensione);
  points[5] = cp.dismissals.length === 0 ? w.segnalazioni : Math.round((1 - strongestDismissal(cc, cp, config)[1]) * w.segnalazioni);
  let total = 0;
  for (let i = 0; i < points.length; i++) total += points[i] as number;
  out.total = total < 0 ? 0 : total > 100 ? 100 : total;
  out.claimable = claimable;
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
  const items = cp.profile.programme;
  if (items.length === 0) {
    return [{ component: "programmazione", importance: weight * 0.1, text: "Il comune non ha ancora inserito la propria programmazione." }];
  }
  if (value < 0.15) {
    return [{ component: "programmazione", importance: weight * 0.5, text: "Nessuna voce della programmazione del comune riguarda i temi del bando." }];
  }
  let best = 0;
  for (let i = 1; i < cp.itemFits.length; i++) if ((cp.itemFits[i] as number) > (cp.itemFits[best] as number)) best = i;
  const item = items[best];
  if (!item) return [];
  const where = item.instrument === "altro" ? "della programmazione" : `del ${item.instrument}`;
  const common = themesOfMask(cc.themeMask & (cp.itemThemeMasks[best] as number)).map(themeLabel);
  const text =
    common.length > 0
      ? `In linea con la voce ${quoted(item.title)} ${where} (${common.join(", ")}).`
      : `Il testo del bando è simile alla voce ${quoted(item.title)} ${where}.`;
  return [{ component: "programmazione", importance: weight * Math.abs(value - 0.5), text }];
}

function maturityReasons(cc: CompiledCall, cp: CompiledProfile, value: number, config: ScoringConfig): ScoreReason[] {
  const weight = config.weights.maturita;
  const reasons: ScoreReason[] = [];
  const t = gapTheme(cc, cp);
  if (t >= 0) {
    const key = MATURITY_KEYS[cp.themeGapKey[t] as number];
    if (key) {
      const label = MATURITY_LABELS[key];
      const entry = cp.profile.maturity.find((e) => e.key === key);
      const text = !entry
        ? `Lo stato di «${label}» non è indicato nella checklist del comune.`
        : entry.state === "non-avviato"
          ? `Il comune non ha ancora avviato «${label}»: il bando finanzia un passo che manca.`
          : entry.state === "in-corso"
            ? `«${label}» è in corso: il bando può aiutare a completarlo.`
            : `Il comune ha già completato «${label}».`;
      reasons.push({ component: "maturita", importance: weight * Math.abs(value - 0.5), text });
    }
  }
  const funded = cc.measure !== null ? cp.fundedMeasures.get(cc.measure) : undefined;
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
  const cluster = cp.profile.sizeCluster;
  const reasons: ScoreReason[] = [];
  const importance = weight * Math.abs(value - 0.5);
  if (Number.isNaN(claimable)) {
    reasons.push({ component: "importo", importance, text: "Il bando non indica l'importo richiedibile." });
  } else {
    const [index, coverage] = bestBudgetItem(cp, claimable, config);
    const baseline = Math.min(1, claimable / config.money.referenceBudget[cluster]) * config.money.baselineShare;
    const item = index >= 0 && coverage >= baseline ? cp.profile.programme[index] : undefined;
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
  const cost = 1 - cofinancingFactor(cc, cluster, config);
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
  if (d === null || !call.deadline) {
    return [{ component: "tempi", importance, text: "A sportello fino a esaurimento delle risorse: conviene presentare la domanda presto." }];
  }
  if (d < 0) return [];
  const date = formatDate(call.deadline);
  const opening = cc.status === "in-arrivo" && call.opensAt ? `Apre il ${formatDate(call.opensAt)}; ` : "";
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
  const cluster = CLUSTER_ADJECTIVE[cp.profile.sizeCluster];
  const call = cc.call;
  const bounds =
    call.populationMin !== null && call.populationMax !== null
      ? `tra ${formatInteger(call.populationMin)} e ${formatInteger(call.populationMax)} abitanti`
      : call.populationMax !== null
        ? `fino a ${formatInteger(call.populationMax)} abitanti`
        : call.populationMin !== null
          ? `con almeno ${formatInteger(call.populationMin)} abitanti`
          : null;
  const target = bounds ? `ai comuni ${bounds}` : `ai comuni di alcune fasce dimensionali`;
  switch (cc.sizeTargeting) {
    case "one-cluster":
      return [{ component: "dimensione", importance, text: `Bando riservato ${target}: mirato alla fascia del comune (${cluster}).` }];
    case "two-clusters":
    case "any-size":
      return [{ component: "dimensione", importance, text: `Bando riservato ${target}.` }];
    case "banded":
      return [{ component: "dimensione", importance, text: "Importi modulati per fascia di popolazione." }];
    case "generic":
      return [{ component: "dimensione", importance, text: "Bando rivolto a comuni di ogni dimensione." }];
  }
}

function feedbackReasons(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig): ScoreReason[] {
  if (cp.dismissals.length === 0) return [];
  const [index, penalty] = strongestDismissal(cc, cp, config);
  const d = cp.dismissals[index];
  if (!d || penalty <= 0) return [];
  const text =
    d.input.callId === cc.call.id
      ? `Segnalato dal comune come non pertinente (${DISMISSAL_REASON_LABELS[d.reason]}).`
      : `Simile a ${quoted(d.input.call.title)}, segnalato dal comune come non pertinente (${DISMISSAL_REASON_LABELS[d.reason]}).`;
  return [{ component: "segnalazioni", importance: config.weights.segnalazioni * penalty * 1.5, text }];
}

/** Scores a compiled pair and explains it: components, and reasons most important first. */
export function explainScore(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig = DEFAULT_SCORING_CONFIG): ScoreResult {
  const pair = newPairScore();
  scorePair(cc, cp, config, pair);
  const components = {} as ScoreComponents;
  COMPONENT_KEYS.forEach((key, i) => {
    components[key] = { punti: pair.points[i] as number, max: config.weights[key] };
  });
  // scorePair left the item fits of this pair in cp.itemFits: the reasons below read them.
  const programme = cp.itemFits.reduce((m, f) => (f > m ? f : m), 0);
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
  // Stable and deterministic: importance descending, then component order, then text.
  details.sort((a, b) => b.importance - a.importance || order(a.component) - order(b.component) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return { total: pair.total, components, reasons: details.map((r) => r.text), details };
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
