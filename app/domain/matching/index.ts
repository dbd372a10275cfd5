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
  forEachCandidateRow,
  isMatchable,
  matchAll,
  matchCall,
  matchProfile,
} from "./batch";
export { type BeneficiaryMode, type CompiledCall, type SizeTargeting, compileCall, themeMask } from "./compile";
export {
  type CompiledDismissal,
  type CompiledProfile,
  type EligibilitySubject,
  type ProfileTable,
  compileProfile,
  compileProfiles,
  compileSubject,
  profileAt,
} from "./profile-table";
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
  rowOutcome,
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
  scoreRow,
} from "./score";
export {
  EMPTY_TEXT_MODEL,
  type SerializedTextModel,
  type SparseVector,
  TEXT_MODEL_VERSION,
  type TextField,
  type TextModel,
  type PackedVector,
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
