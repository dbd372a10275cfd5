import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Call } from "~/domain/call";
import type { SizeCluster } from "~/domain/clusters";
import { type EligibilitySubject, eligibility } from "~/domain/matching";
import type { AggregationType, BeneficiaryKey, ThemeKey } from "~/domain/taxonomy";
import { parseRomeDateTime } from "~/domain/time";
import { NOW } from "./factories";

/**
 * The hand-labelled set (tests/fixtures/matching/README.md): 10 comuni × 20 calls, 100 %
 * agreement required on the verdict and on the first failing rule.
 */
const dir = join(__dirname, "..", "..", "fixtures", "matching");

interface BandoJson {
  idFonte: string;
  titolo: string;
  ente: string;
  temi?: ThemeKey[];
  beneficiari: BeneficiaryKey[];
  territorio?: { regioni?: string[]; province?: string[]; comuni?: string[] };
  popolazioneMin?: number | null;
  popolazioneMax?: number | null;
  soloFormaAssociata?: boolean;
  fasce?: SizeCluster[];
  importoMax?: number | null;
  importiPerFascia?: { popolazioneMin: number | null; popolazioneMax: number | null; importo: number }[];
  apertura?: string;
  scadenza?: string;
  procedura?: "sportello" | "graduatoria";
  misuraPnrr?: string;
}

/** Minimal bando-json → Call mapping for this fixture (the ingestion pipeline owns the real one). */
function toCall(fonte: string, b: BandoJson): Call {
  const instant = (text: string | undefined, boundary: "start" | "end") => (text ? (parseRomeDateTime(text, boundary)?.toISOString() ?? null) : null);
  return {
    id: `${fonte}:${b.idFonte}`,
    title: b.titolo,
    issuer: b.ente,
    issuerLevel: null,
    description: null,
    url: null,
    themes: b.temi ?? [],
    beneficiaries: b.beneficiari,
    territory: { regions: b.territorio?.regioni ?? [], provinces: b.territorio?.province ?? [], comuni: b.territorio?.comuni ?? [] },
    populationMin: b.popolazioneMin ?? null,
    populationMax: b.popolazioneMax ?? null,
    associatedOnly: b.soloFormaAssociata ?? false,
    ...(b.fasce ? { sizeClusters: b.fasce } : {}),
    budget: null,
    amountMin: null,
    amountMax: b.importoMax ?? null,
    amountBands: (b.importiPerFascia ?? []).map((f) => ({ populationMin: f.popolazioneMin, populationMax: f.popolazioneMax, amount: f.importo })),
    cofinancingPct: null,
    opensAt: instant(b.apertura, "start"),
    deadline: instant(b.scadenza, "end"),
    procedure: b.procedura ?? null,
    pnrrMeasure: b.misuraPnrr ?? null,
  };
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

function toSubject(c: ComuneJson): EligibilitySubject {
  return {
    istat: c.istat,
    name: c.nome,
    provinceSigla: c.provincia,
    regionCode: c.codiceRegione,
    population: c.popolazione,
    sizeCluster: c.fascia,
    aggregations: c.aggregazioni.map((a) => ({ id: a.id, name: a.nome, type: a.tipo })),
  };
}

const bandi = JSON.parse(readFileSync(join(dir, "bandi.json"), "utf8")) as { fonte: string; bandi: BandoJson[] };
const calls = new Map(bandi.bandi.map((b) => [b.idFonte, toCall(bandi.fonte, b)]));
const comuni = new Map((JSON.parse(readFileSync(join(dir, "comuni.json"), "utf8")) as ComuneJson[]).map((c) => [c.istat, toSubject(c)]));
const [header, ...rows] = readFileSync(join(dir, "attesi.csv"), "utf8").trim().split("\n").map((line) => line.trim().split(","));
const istatColumns = (header ?? []).slice(1);

const pairs = rows.flatMap(([idFonte, ...labels]) => labels.map((label, i) => ({ idFonte: idFonte ?? "", istat: istatColumns[i] ?? "", label })));

function verdict(call: Call, comune: EligibilitySubject): string {
  const result = eligibility(call, comune, NOW);
  if (result.outcome === "idoneo") return "I";
  if (result.outcome === "forma-associata") return "A";
  return `N:${result.checks.find((c) => !c.passed)?.rule ?? "?"}`;
}

describe("labelled eligibility set: 10 comuni × 20 calls", () => {
  it("holds 200 labelled pairs over 20 calls and 10 comuni", () => {
    expect(calls.size).toBe(20);
    expect(comuni.size).toBe(10);
    expect(pairs).toHaveLength(200);
    expect(new Set(pairs.map((p) => p.label))).toEqual(new Set(["I", "A", "N:stato", "N:beneficiari", "N:territorio", "N:popolazione", "N:fascia"]));
  });

  it("agrees with every label (100 %)", () => {
    const disagreements = pairs.flatMap(({ idFonte, istat, label }) => {
      const call = calls.get(idFonte);
      const comune = comuni.get(istat);
      if (!call || !comune) return [`${idFonte} × ${istat}: manca nei dati`];
      const got = verdict(call, comune);
      return got === label ? [] : [`${idFonte} × ${istat}: atteso ${label}, ottenuto ${got}`];
    });
    expect(disagreements).toEqual([]);
  });

  it("says why, in Italian, for a few representative pairs", () => {
    const reasons = (idFonte: string, istat: string) => eligibility(calls.get(idFonte)!, comuni.get(istat)!, NOW).reasons[0];
    expect(reasons("B08", "014017")).toBe(
      "Il bando è rivolto solo a unioni di comuni: il comune può partecipare in forma associata tramite «Unione dei comuni della Costiera dei Cech».",
    );
    expect(reasons("B08", "016024")).toBe("Il bando è rivolto solo a unioni di comuni: il comune può partecipare solo in forma associata, ma non risulta far parte di un'unione di comuni.");
    expect(reasons("B03", "023091")).toBe("Il bando è chiuso: la scadenza era il 01/03/2026.");
    expect(reasons("B20", "016024")).toBe("Il comune è fuori dal territorio del bando, riservato alla provincia MI, a un elenco di 2 comuni.");
  });
});
