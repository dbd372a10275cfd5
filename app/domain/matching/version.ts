import { configFingerprint, type ScoringConfig } from "./config";
import { TEXT_MODEL_VERSION } from "./text-vectors";

/**
 * The engine's version, stored with every match. Bump it whenever a rule, a formula, a reason
 * text or the text pipeline changes, so the store knows which matches are stale. The scoring
 * configuration has its own fingerprint (`configFingerprint`).
 */
export const ENGINE_VERSION = `1.0.0-t${TEXT_MODEL_VERSION}`;

/** `ENGINE_VERSION+configFingerprint`: what makes two runs comparable. */
export function matchVersionTag(config: ScoringConfig): string {
  return `${ENGINE_VERSION}+${configFingerprint(config)}`;
}
