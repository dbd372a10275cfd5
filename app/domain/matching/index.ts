/**
 * The matching engine (issue 5): eligibility, claimable amount, explainable score, ranking and
 * bulk matching. Pure TypeScript; the store precomputes text vectors and persists matches.
 * See docs/decisions/0050–0052.
 */
export { bandFor, claimableAmount, measureNumber, sortBands } from "./amount";
export {
  type CallIndex,
  type MatchSink,
  type MatchStats,
  type ProfileIndex,
  buildCallIndex,
  buildProfileIndex,
  candidateCalls,
  emptyStats,
  forEachCandidateProfile,
  isMatchable,
  matchAll,
  matchCall,
  matchProfile,
} from "./batch";
export {
  type BeneficiaryMode,
  type CompiledCall,
  type CompiledProfile,
  type CompiledSubject,
  type EligibilitySubject,
  type SizeTargeting,
  compileCall,
  compileProfile,
  compileSubject,
  themeMask,
} from "./compile";
export {
  COMPONENT_KEYS,
  COMPONENT_LABELS,
  type ComponentKey,
  DEFAULT_SCORING_CONFIG,
  type ScoringConfig,
  configFingerprint,
  validateScoringConfig,
} from "./config";
export { DISMISSAL_REASONS, DISMISSAL_REASON_LABELS, type Dismissal, type DismissalInput, type DismissalReason, isDismissalReason } from "./dismissal";
export {
  ELIGIBILITY_RULES,
  type EligibilityCheck,
  type EligibilityOutcome,
  type EligibilityResult,
  type EligibilityRule,
  eligibility,
  eligibilityOutcome,
  explainEligibility,
} from "./eligibility";
export {
  type ApiOpportunity,
  type Opportunity,
  type RankOptions,
  compareOpportunities,
  opportunityOf,
  opportunityToApi,
  rankCompiled,
  rankOpportunities,
} from "./rank";
export {
  type PairScore,
  type ScoreComponent,
  type ScoreComponents,
  type ScoreReason,
  type ScoreResult,
  type ScoringContext,
  compiledClaimable,
  explainScore,
  newPairScore,
  score,
  scorePair,
} from "./score";
export {
  EMPTY_TEXT_MODEL,
  type SerializedTextModel,
  type SparseVector,
  TEXT_MODEL_VERSION,
  type TextField,
  type TextModel,
  buildTextModel,
  callTextFields,
  cosine,
  deserializeTextModel,
  programmeItemTextFields,
  serializeTextModel,
  stem,
  terms,
  tokenize,
  vectorize,
} from "./text-vectors";
export { ENGINE_VERSION, matchVersionTag } from "./version";
