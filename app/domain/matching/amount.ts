import type { AmountBand, Call } from "../call";

/**
 * `importoRichiedibile` (API.md): the amount of the population band the comune falls in
 * (bounds inclusive, a null bound open-ended), else `importoMax`, else null.
 * Bands are looked up in ascending order of their lower bound, so the result does not depend
 * on the order the curator listed them in; if bands overlap, the lowest one wins.
 */
export function claimableAmount(call: Pick<Call, "amountBands" | "amountMax">, population: number): number | null {
  const band = bandFor(sortBands(call.amountBands), population);
  if (band) return band.amount;
  return call.amountMax ?? null;
}

/** Bands sorted by lower bound (null first), then upper bound (null last): compile once, look up often. */
export function sortBands(bands: readonly AmountBand[]): AmountBand[] {
  return [...bands].sort((a, b) => {
    const minA = a.populationMin ?? -Infinity;
    const minB = b.populationMin ?? -Infinity;
    if (minA !== minB) return minA < minB ? -1 : 1;
    const maxA = a.populationMax ?? Infinity;
    const maxB = b.populationMax ?? Infinity;
    return maxA === maxB ? 0 : maxA < maxB ? -1 : 1;
  });
}

/** The first band of a sorted list containing the population (inclusive bounds). */
export function bandFor(sortedBands: readonly AmountBand[], population: number): AmountBand | null {
  for (const band of sortedBands) {
    if (band.populationMin !== null && population < band.populationMin) continue;
    if (band.populationMax !== null && population > band.populationMax) continue;
    return band;
  }
  return null;
}

/**
 * The PNRR measure number of a call's reference or a funding record: "M1C1-1.4.5" → "1.4.5",
 * "1.4.5" → "1.4.5", "1.4.5 Adozione…" → "1.4.5"; null when there is none.
 */
export function measureNumber(reference: string | null | undefined): string | null {
  if (!reference) return null;
  const match = /(?:^|[^\d.])(\d+(?:\.\d+)+)/.exec(reference);
  return match ? (match[1] ?? null) : null;
}
