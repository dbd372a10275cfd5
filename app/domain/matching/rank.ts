/**
 * The ranked list of opportunities of one comune (`GET /api/v1/comuni/{istat}/opportunita`):
 * open and upcoming calls (closed ones are never opportunities), highest score first, by
 * default only the eligible ones (also in associated form); `all` adds the others, with score 0
 * and the reasons why not.
 */

import type { Call } from "../call";
import type { ComuneProfile } from "../profile";
import { type CompiledCall, type CompiledProfile, compileCall, compileProfile } from "./compile";
import { COMPONENT_KEYS, DEFAULT_SCORING_CONFIG, type ScoringConfig } from "./config";
import type { DismissalInput } from "./dismissal";
import { type EligibilityOutcome, type EligibilityResult, explainEligibility } from "./eligibility";
import { type ScoreComponents, type ScoreResult, compiledClaimable, explainScore } from "./score";
import type { SparseVector, TextModel } from "./text-vectors";

export interface Opportunity {
  call: Call;
  eligibility: EligibilityResult;
  /** The explained score; all zero for a call the comune is not eligible for. */
  score: ScoreResult;
  /** `importoRichiedibile`. */
  claimableAmount: number | null;
  /** `motivazioni`: for an eligible call, the associated-form note (if any) then the score's reasons; otherwise why not. */
  reasons: string[];
}

export interface RankOptions {
  /** `tutti=1`: include the calls the comune is not eligible for. */
  all?: boolean;
  config?: ScoringConfig;
  textModel?: TextModel;
  /** Precomputed call vectors by call id. */
  callVectors?: ReadonlyMap<string, SparseVector>;
  /** Precomputed programme item vectors by item id. */
  itemVectors?: ReadonlyMap<number, SparseVector>;
  dismissals?: readonly DismissalInput[];
}

const OUTCOME_ORDER: Record<EligibilityOutcome, number> = { idoneo: 0, "forma-associata": 1, "non-idoneo": 2 };

/**
 * Deterministic total order: score descending; then direct eligibility before associated form
 * before not eligible; then the nearer deadline (none last); then call id.
 */
export function compareOpportunities(a: Opportunity, b: Opportunity): number {
  if (a.score.total !== b.score.total) return b.score.total - a.score.total;
  const outcome = OUTCOME_ORDER[a.eligibility.outcome] - OUTCOME_ORDER[b.eligibility.outcome];
  if (outcome !== 0) return outcome;
  const da = a.call.deadline ? Date.parse(a.call.deadline) : Infinity;
  const db = b.call.deadline ? Date.parse(b.call.deadline) : Infinity;
  if (da !== db) return da < db ? -1 : 1;
  return a.call.id < b.call.id ? -1 : a.call.id > b.call.id ? 1 : 0;
}

function zeroScore(config: ScoringConfig, reasons: string[]): ScoreResult {
  const components = {} as ScoreComponents;
  for (const key of COMPONENT_KEYS) components[key] = { punti: 0, max: config.weights[key] };
  return { total: 0, components, reasons, details: [] };
}

/** One pair as an opportunity (eligibility, explained score, claimable amount, reasons). */
export function opportunityOf(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig = DEFAULT_SCORING_CONFIG): Opportunity {
  const eligibility = explainEligibility(cc, cp);
  if (!eligibility.eligible) {
    const why = eligibility.checks.filter((c) => !c.passed).map((c) => c.message);
    return { call: cc.call, eligibility, score: zeroScore(config, why), claimableAmount: compiledClaimable(cc, cp.profile.population), reasons: why };
  }
  const score = explainScore(cc, cp, config);
  const associated = eligibility.associatedForm ? eligibility.checks.filter((c) => c.rule === "beneficiari").map((c) => c.message) : [];
  return {
    call: cc.call,
    eligibility,
    score,
    claimableAmount: compiledClaimable(cc, cp.profile.population),
    reasons: [...associated, ...score.reasons],
  };
}

/** Ranks already compiled calls for a compiled profile. */
export function rankCompiled(calls: readonly CompiledCall[], cp: CompiledProfile, options: { all?: boolean; config?: ScoringConfig } = {}): Opportunity[] {
  const config = options.config ?? DEFAULT_SCORING_CONFIG;
  const list: Opportunity[] = [];
  for (const cc of calls) {
    if (cc.status === "chiuso") continue;
    const opportunity = opportunityOf(cc, cp, config);
    if (opportunity.eligibility.eligible || options.all) list.push(opportunity);
  }
  return list.sort(compareOpportunities);
}

/** `rankOpportunities(calls, profile, {all}, now)`: what the opportunities API returns, before mapping to JSON. */
export function rankOpportunities(calls: readonly Call[], profile: ComuneProfile, options: RankOptions, now: Date): Opportunity[] {
  const config = options.config ?? DEFAULT_SCORING_CONFIG;
  const cp = compileProfile(profile, { config, textModel: options.textModel, itemVectors: options.itemVectors, dismissals: options.dismissals });
  const compiled = calls.map((call) => compileCall(call, { now, config, textModel: options.textModel, vector: options.callVectors?.get(call.id) }));
  return rankCompiled(compiled, cp, { all: options.all, config });
}

/** One item of the API answer, with the public (Italian) field names of API.md. */
export interface ApiOpportunity {
  bando: { id: string; titolo: string; ente: string; scadenza: string | null; url: string | null };
  idoneo: boolean;
  formaAssociata: boolean;
  punteggio: number;
  importoRichiedibile: number | null;
  motivazioni: string[];
  componenti: ScoreComponents;
}

export function opportunityToApi(o: Opportunity): ApiOpportunity {
  return {
    bando: { id: o.call.id, titolo: o.call.title, ente: o.call.issuer, scadenza: o.call.deadline, url: o.call.url },
    idoneo: o.eligibility.eligible,
    formaAssociata: o.eligibility.associatedForm,
    punteggio: o.score.total,
    importoRichiedibile: o.claimableAmount,
    motivazioni: o.reasons,
    componenti: o.score.components,
  };
}
