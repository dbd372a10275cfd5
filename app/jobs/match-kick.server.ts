/**
 * Wakes the matching worker started by scripts/serve.ts (after a write that set a re-match flag
 * or saved the scoring configuration). The worker and the Remix bundle are separate module
 * instances in one process, so the hook lives on globalThis. Without a worker it does nothing:
 * the flags stay set until the next `npm run match` or worker round.
 */
const KICK = Symbol.for("cruscotto.match.kick");
type GlobalWithKick = typeof globalThis & { [KICK]?: () => void };

export function notifyMatchWorker(): void {
  (globalThis as GlobalWithKick)[KICK]?.();
}

export function registerMatchKick(kick: (() => void) | undefined): void {
  (globalThis as GlobalWithKick)[KICK] = kick;
}
