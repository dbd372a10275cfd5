import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Call } from "~/domain/call";
import { normaliseRawCall } from "~/domain/call-input";
import type { SizeCluster } from "~/domain/clusters";
import { type EligibilitySubject, eligibility } from "~/domain/matching";
import type { AggregationType } from "~/domain/taxonomy";

/** The labelled set's files (tests/fixtures/matching/README.md). */
export const LABELLED_DIR = join(import.meta.dirname, "..", "..", "fixtures", "matching");

type RawBando = Record<string, unknown> & { idFonte: string };

export function labelledDocument(): { fonte: string; bandi: RawBando[] } {
  return JSON.parse(readFileSync(join(LABELLED_DIR, "bandi.json"), "utf8")) as { fonte: string; bandi: RawBando[] };
}

/**
 * The fixture's calls through the ingestion normaliser (`normaliseRawCall`, what every adapter's
 * items go through, `fasce` included), shaped as the data layer maps a stored call
 * (`callFromRow`: `{ id: publicId, ...content }`). Nothing is added afterwards:
 * tests/integration/matching-labelled-set.test.ts checks that the stored and mapped calls are
 * these.
 */
export function labelledCalls(): Map<string, Call> {
  const doc = labelledDocument();
  return new Map(
    doc.bandi.map((raw) => {
      const result = normaliseRawCall(raw, { htmlToText: (html) => html });
      if (!result.ok) throw new Error(`${raw.idFonte}: ${result.problem.field} ${result.problem.reason}`);
      return [raw.idFonte, { id: `${doc.fonte}:${result.item.sourceId}`, ...result.item.content }];
    }),
  );
}

interface ComuneJson {
  istat: string;
  nome: string;
  provincia: string;
  codiceRegione: string;
  popolazione: number;
  fascia: SizeCluster;
  aggregazioni: { id: number; nome: string; tipo: AggregationType }[];
}

/** The ten comuni, as eligibility subjects, by ISTAT code. */
export function labelledComuni(): Map<string, EligibilitySubject> {
  const list = JSON.parse(readFileSync(join(LABELLED_DIR, "comuni.json"), "utf8")) as ComuneJson[];
  return new Map(
    list.map((c) => [
      c.istat,
      {
        istat: c.istat,
        name: c.nome,
        provinceSigla: c.provincia,
        regionCode: c.codiceRegione,
        population: c.popolazione,
        sizeCluster: c.fascia,
        aggregations: c.aggregazioni.map((a) => ({ id: a.id, name: a.nome, type: a.tipo })),
      },
    ]),
  );
}

/** The 200 labelled pairs of attesi.csv. */
export function labelledPairs(): { idFonte: string; istat: string; label: string }[] {
  const [header, ...rows] = readFileSync(join(LABELLED_DIR, "attesi.csv"), "utf8").trim().split("\n").map((line) => line.trim().split(","));
  const istatColumns = (header ?? []).slice(1);
  return rows.flatMap(([idFonte, ...labels]) => labels.map((label, i) => ({ idFonte: idFonte ?? "", istat: istatColumns[i] ?? "", label })));
}

/** The engine's verdict in the labels' notation: I, A, or N:<first failing rule>. */
export function labelledVerdict(call: Call, comune: EligibilitySubject, now: Date): string {
  const result = eligibility(call, comune, now);
  if (result.outcome === "idoneo") return "I";
  if (result.outcome === "forma-associata") return "A";
  return `N:${result.checks.find((c) => !c.passed)?.rule ?? "?"}`;
}
