import { performance } from "node:perf_hooks";

/** Rounds to one decimal (milliseconds in the figures). */
export const round = (n: number) => Math.round(n * 10) / 10;

/** Runs `fn` several times; returns the last result and the median and max in milliseconds. */
export function time<T>(runs: number, fn: () => T): { result: T; medianMs: number; maxMs: number } {
  let result: T | undefined;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { result: result!, medianMs: round(samples[Math.floor(samples.length / 2)]!), maxMs: round(samples.at(-1)!) };
}

/** One run of an async step, in milliseconds. */
export async function timeOnce<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, ms: round(performance.now() - start) };
}

/** The q-quantile of some values (nearest rank, no interpolation); 0 when there are none. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
