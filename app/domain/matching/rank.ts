/**
 * The ranked list of opportunities of one comune (`GET /api/v1/comuni/{istat}/opportunita`):
 * open and upcoming calls (closed ones are never opportunities), highest score first, by
 * default only the eligible ones (also in associated form); `all` adds the others, with score 0
 * and the reasons why not.
 */

import type { Call } from "../call";
import type { ComuneProfile } from "../profile";
import { type CompiledCall, compileCall } from "./compile";
import { COMPONENT_KEYS, DEFAULT_SCORING_CONFIG, type ScoringConfig } from "./config";
import type { DismissalInput } from "./dismissal";
import { type EligibilityOutcome, type EligibilityResult, explainEligibility, rowOutcome } from "./eligibility";
import { type CompiledProfile, compileProfile } from "./profile-table";
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
  return compareKeys(a, deadlineTime(a), b, deadlineTime(b));
}

function deadlineTime(o: Opportunity): number {
  return o.call.deadline ? Date.parse(o.call.deadline) : Infinity;
}

function compareKeys(a: Opportunity, da: number, b: Opportunity, db: number): number {
  if (a.score.total !== b.score.total) return b.score.total - a.score.total;
  const outcome = OUTCOME_ORDER[a.eligibility.outcome] - OUTCOME_ORDER[b.eligibility.outcome];
  if (outcome !== 0) return outcome;
  if (da !== db) return da < db ? -1 : 1;
  return a.call.id < b.call.id ? -1 : a.call.id > b.call.id ? 1 : 0;
}

/** All-zero components per configuration, shared (frozen) by every ineligible opportunity. */
const zeroComponents = new WeakMap<ScoringConfig, ScoreComponents>();

function zeroScore(config: ScoringConfig, claimableAmount: number | null, reasons: string[]): ScoreResult {
  let components = zeroComponents.get(config);
  if (!components) {
    const built = {} as ScoreComponents;
    for (const key of COMPONENT_KEYS) built[key] = Object.freeze({ punti: 0, max: config.weights[key] });
    components = Object.freeze(built);
    zeroComponents.set(config, components);
  }
  return { total: 0, components, claimableAmount, reasons, details: [] };
}

/** One pair as an opportunity (eligibility, explained score, claimable amount, reasons). */
export function opportunityOf(cc: CompiledCall, cp: CompiledProfile, config: ScoringConfig = DEFAULT_SCORING_CONFIG): Opportunity {
  const eligibility = explainEligibility(cc, cp);
  if (!eligibility.eligible) {
    const why = eligibility.checks.filter((c) => !c.passed).map((c) => c.message);
    const claimableAmount = compiledClaimable(cc, cp.table.population[cp.row] as number);
    return { call: cc.call, eligibility, score: zeroScore(config, claimableAmount, why), claimableAmount, reasons: why };
  }
  const score = explainScore(cc, cp, config);
  const associated = eligibility.associatedForm ? eligibility.checks.filter((c) => c.rule === "beneficiari").map((c) => c.message) : [];
  return {
    call: cc.call,
    eligibility,
    score,
    claimableAmount: score.claimableAmount,
    reasons: [...associated, ...score.reasons],
  };
}

/** Ranks already compiled calls for a compiled profile. */
export function rankCompiled(calls: readonly CompiledCall[], cp: CompiledProfile, options: { all?: boolean; config?: ScoringConfig } = {}): Opportunity[] {
  const config = options.config ?? DEFAULT_SCORING_CONFIG;
  const list: { o: Opportunity; deadline: number }[] = [];
  for (const cc of calls) {
    if (cc.status === "chiuso") continue;
    if (!options.all && rowOutcome(cc, cp.table, cp.row) === "non-idoneo") continue;
    list.push({ o: opportunityOf(cc, cp, config), deadline: cc.deadlineTime });
  }
  return list.sort((a, b) => compareKeys(a.o, a.deadline, b.o, b.deadline)).map((entry) => entry.o);
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
