/**
 * Size clusters (fasce dimensionali) of comuni, as defined in API.md:
 * `piccolo` fewer than 5,000 residents, `medio` 5,000 to 15,000, `grande` more than 15,000.
 */
export const SIZE_CLUSTERS = ["piccolo", "medio", "grande"] as const;
export type SizeCluster = (typeof SIZE_CLUSTERS)[number];

export const SIZE_CLUSTER_LABELS: Record<SizeCluster, string> = {
  piccolo: "Piccolo (meno di 5.000 abitanti)",
  medio: "Medio (da 5.000 a 15.000 abitanti)",
  grande: "Grande (oltre 15.000 abitanti)",
};

/** The cluster after "fascia" in a sentence ("riservato ai comuni di fascia piccola (…)"). */
export const SIZE_CLUSTER_PHRASES: Record<SizeCluster, string> = {
  piccolo: "piccola (meno di 5.000 abitanti)",
  medio: "media (da 5.000 a 15.000 abitanti)",
  grande: "grande (oltre 15.000 abitanti)",
};

export const SMALL_LIMIT = 5000;
export const LARGE_LIMIT = 15000;

export function sizeCluster(population: number): SizeCluster {
  if (!Number.isFinite(population) || population < 0) {
    throw new RangeError(`popolazione non valida: ${population}`);
  }
  if (population < SMALL_LIMIT) return "piccolo";
  if (population <= LARGE_LIMIT) return "medio";
  return "grande";
}

export function isSizeCluster(value: unknown): value is SizeCluster {
  return typeof value === "string" && (SIZE_CLUSTERS as readonly string[]).includes(value);
}
