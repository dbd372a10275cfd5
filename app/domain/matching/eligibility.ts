/**
 * Eligibility: the hard rules of API.md, decided before any score. A comune is
 * - `idoneo` when every rule passes and the comuni are direct beneficiaries;
 * - `forma-associata` when every rule passes but it may apply only in associated form
 *   (only aggregations among the beneficiaries, or `soloFormaAssociata`);
 * - `non-idoneo` when any rule fails.
 * Rules, in order of importance: call status, beneficiaries, territory, population bounds
 * (inclusive), size cluster.
 */

import type { Call } from "../call";
import { SIZE_CLUSTER_PHRASES as CLUSTER_PHRASE, SIZE_CLUSTERS } from "../clusters";
import { formatInteger } from "../format";
import { AGGREGATION_TYPES, BENEFICIARY_LABELS } from "../taxonomy";
import { ITALIAN_REGIONS } from "../regions";
import { type CompiledCall, compileCall } from "./compile";
import { type CompiledProfile, type EligibilitySubject, type ProfileTable, clusterBit, compileSubject } from "./profile-table";

export const ELIGIBILITY_RULES = ["stato", "beneficiari", "territorio", "popolazione", "fascia"] as const;
export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

export type EligibilityOutcome = "idoneo" | "forma-associata" | "non-idoneo";

export interface EligibilityCheck {
  rule: EligibilityRule;
  passed: boolean;
  message: string;
}

export interface EligibilityResult {
  outcome: EligibilityOutcome;
  /** True for `idoneo` and `forma-associata` (API `idoneo`). */
  eligible: boolean;
  /** True when the comune may apply only in associated form (API `formaAssociata`). */
  associatedForm: boolean;
  /** Every rule with its verdict, in rule order. */
  checks: EligibilityCheck[];
  /** Italian sentences, most important first: failed rules, then the associated-form note, then the rest. */
  reasons: string[];
}

function populationBoundsText(min: number, max: number): string {
  if (min > -Infinity && max < Infinity) return `tra ${formatInteger(min)} e ${formatInteger(max)} abitanti`;
  if (max < Infinity) return `fino a ${formatInteger(max)} abitanti`;
  return `con almeno ${formatInteger(min)} abitanti`;
}

const REGION_NAMES = new Map(ITALIAN_REGIONS.map((r) => [r.code, r.name]));

function regionName(code: string): string {
  return REGION_NAMES.get(code) ?? `regione ${code}`;
}

function listText(values: readonly string[], max = 6): string {
  const shown = values.slice(0, max).join(", ");
  return values.length > max ? `${shown} e altri ${values.length - max}` : shown;
}

function aggregationNames(subject: EligibilitySubject, mask: number): string[] {
  return subject.aggregations.filter((a) => (mask & (1 << AGGREGATION_TYPES.indexOf(a.type))) !== 0).map((a) => `«${a.name}»`);
}

function inTerritory(cc: CompiledCall, t: ProfileTable, r: number): [regionOk: boolean, provinceOk: boolean, comuneOk: boolean] {
  return [
    cc.regions === null || cc.regions.has(t.region[r] as string),
    cc.provinces === null || cc.provinces.has(t.province[r] as string),
    cc.comuni === null || cc.comuni.has(t.istat[r] as string),
  ];
}

function inPopulationBounds(cc: CompiledCall, population: number): boolean {
  return population >= cc.populationMin && population <= cc.populationMax;
}

/**
 * The verdict alone, on compiled forms: no text, stops at the first failed rule (the batch
 * path). `explainEligibility` applies the same predicates and writes the reasons.
 */
export function rowOutcome(cc: CompiledCall, t: ProfileTable, r: number): EligibilityOutcome {
  if (cc.status === "chiuso" || cc.beneficiaryMode === "none") return "non-idoneo";
  if (!inPopulationBounds(cc, t.population[r] as number) || (cc.clusterMask & (1 << (t.cluster[r] as number))) === 0) return "non-idoneo";
  if (cc.regions !== null && !cc.regions.has(t.region[r] as string)) return "non-idoneo";
  if (cc.provinces !== null && !cc.provinces.has(t.province[r] as string)) return "non-idoneo";
  if (cc.comuni !== null && !cc.comuni.has(t.istat[r] as string)) return "non-idoneo";
  return cc.beneficiaryMode === "associated" ? "forma-associata" : "idoneo";
}

/** `rowOutcome` on a compiled profile. */
export function eligibilityOutcome(cc: CompiledCall, cp: CompiledProfile): EligibilityOutcome {
  return rowOutcome(cc, cp.table, cp.row);
}

/**
 * Checks whose text depends only on the call (and on a small variant key) are built once per
 * compiled call and shared, frozen: a comune's `tutti=1` list explains thousands of calls.
 */
const sharedChecks = new WeakMap<CompiledCall, Map<string, EligibilityCheck>>();

function shared(cc: CompiledCall, key: string, build: () => EligibilityCheck): EligibilityCheck {
  let checks = sharedChecks.get(cc);
  if (!checks) {
    checks = new Map();
    sharedChecks.set(cc, checks);
  }
  let check = checks.get(key);
  if (!check) {
    check = Object.freeze(build());
    checks.set(key, check);
  }
  return check;
}

function statusCheck(cc: CompiledCall): EligibilityCheck {
  return shared(cc, "stato", () => buildStatusCheck(cc));
}

function buildStatusCheck(cc: CompiledCall): EligibilityCheck {
  if (cc.status === "chiuso") {
    return { rule: "stato", passed: false, message: `Il bando è chiuso: la scadenza era il ${cc.deadlineText ?? ""}.` };
  }
  const message =
    cc.status === "in-arrivo"
      ? `Il bando apre il ${cc.opensText ?? ""}.`
      : cc.deadlineText
        ? `Il bando è aperto fino al ${cc.deadlineText}.`
        : "Il bando è aperto a sportello, fino a esaurimento delle risorse.";
  return { rule: "stato", passed: true, message };
}

function beneficiaryCheck(cc: CompiledCall, subject: EligibilitySubject): EligibilityCheck {
  if (cc.beneficiaryMode !== "associated") return shared(cc, "beneficiari", () => buildBeneficiaryCheck(cc, subject));
  return buildBeneficiaryCheck(cc, subject);
}

function buildBeneficiaryCheck(cc: CompiledCall, subject: EligibilitySubject): EligibilityCheck {
  const call = cc.call;
  if (cc.beneficiaryMode === "none") {
    const message =
      call.beneficiaries.length === 0
        ? "Il bando non indica i beneficiari."
        : `Il bando è rivolto a: ${call.beneficiaries.map((b) => BENEFICIARY_LABELS[b]).join(", ")}; i comuni non sono tra i beneficiari.`;
    return { rule: "beneficiari", passed: false, message };
  }
  if (cc.beneficiaryMode === "direct") {
    const message = call.beneficiaries.includes("comune")
      ? "I comuni sono tra i beneficiari."
      : "Il bando è rivolto agli enti pubblici, comuni compresi.";
    return { rule: "beneficiari", passed: true, message };
  }
  const names = aggregationNames(subject, cc.aggregationMask);
  const what = call.associatedOnly
    ? "Il bando ammette solo domande in forma associata"
    : `Il bando è rivolto solo a ${cc.aggregationBeneficiaries.map((a) => BENEFICIARY_LABELS[a].toLowerCase()).join(" e ")}`;
  const kinds = call.associatedOnly
    ? "un'unione di comuni, una comunità montana o una gestione associata"
    : cc.aggregationBeneficiaries.map((a) => (a === "unione-di-comuni" ? "un'unione di comuni" : "una comunità montana")).join(" o ");
  const message =
    names.length > 0
      ? `${what}: il comune può partecipare in forma associata tramite ${names.join(", ")}.`
      : `${what}: il comune può partecipare solo in forma associata, ma non risulta far parte di ${kinds}.`;
  return { rule: "beneficiari", passed: true, message };
}

function territoryCheck(cc: CompiledCall, cp: CompiledProfile): EligibilityCheck {
  const flags = inTerritory(cc, cp.table, cp.row);
  return shared(cc, `territorio:${flags.join()}`, () => buildTerritoryCheck(cc, flags));
}

function buildTerritoryCheck(cc: CompiledCall, [regionOk, provinceOk, comuneOk]: [boolean, boolean, boolean]): EligibilityCheck {
  const t = cc.call.territory;
  if (cc.regions === null && cc.provinces === null && cc.comuni === null) {
    return { rule: "territorio", passed: true, message: "Il bando non ha limiti territoriali." };
  }
  const limits: string[] = [];
  if (cc.regions) limits.push(t.regions.length === 1 ? `alla regione ${regionName(t.regions[0] ?? "")}` : `alle regioni ${listText(t.regions.map(regionName))}`);
  if (cc.provinces) limits.push(t.provinces.length === 1 ? `alla provincia ${t.provinces[0]}` : `alle province ${listText(t.provinces)}`);
  if (cc.comuni) limits.push(t.comuni.length === 1 ? "a un solo comune" : `a un elenco di ${formatInteger(t.comuni.length)} comuni`);
  const passed = regionOk && provinceOk && comuneOk;
  if (passed) return { rule: "territorio", passed, message: `Il comune rientra nel territorio del bando, riservato ${limits.join(", ")}.` };
  const where = !comuneOk && regionOk && provinceOk ? "non è tra i comuni elencati dal bando" : "è fuori dal territorio del bando";
  return { rule: "territorio", passed, message: `Il comune ${where}, riservato ${limits.join(", ")}.` };
}

function populationCheck(cc: CompiledCall, subject: EligibilitySubject): EligibilityCheck {
  if (cc.populationMin === -Infinity && cc.populationMax === Infinity) {
    return { rule: "popolazione", passed: true, message: "Il bando non pone limiti di popolazione." };
  }
  const bounds = populationBoundsText(cc.populationMin, cc.populationMax);
  const passed = inPopulationBounds(cc, subject.population);
  const message = passed
    ? `Con ${formatInteger(subject.population)} abitanti il comune rientra nel limite del bando (${bounds}).`
    : `Il bando è riservato ai comuni ${bounds}; il comune ne ha ${formatInteger(subject.population)}.`;
  return { rule: "popolazione", passed, message };
}

function clusterCheck(cc: CompiledCall, cp: CompiledProfile): EligibilityCheck {
  return shared(cc, `fascia:${cp.table.cluster[cp.row]}`, () => buildClusterCheck(cc, cp));
}

function buildClusterCheck(cc: CompiledCall, cp: CompiledProfile): EligibilityCheck {
  const admitted = SIZE_CLUSTERS.filter((_, i) => (cc.clusterMask & (1 << i)) !== 0);
  if (admitted.length === SIZE_CLUSTERS.length) {
    return { rule: "fascia", passed: true, message: "Il bando è aperto a comuni di ogni fascia dimensionale." };
  }
  const passed = (cc.clusterMask & clusterBit(cp.table, cp.row)) !== 0;
  const list = admitted.map((c) => CLUSTER_PHRASE[c]).join(" o ");
  const message = passed
    ? `Il bando è riservato ai comuni di fascia ${list}, come questo.`
    : `Il bando è riservato ai comuni di fascia ${list}; il comune è di fascia ${CLUSTER_PHRASE[subjectOf(cp).sizeCluster]}.`;
  return { rule: "fascia", passed, message };
}

/** Builds the full result (verdicts and ordered reasons) on compiled forms. */
function subjectOf(cp: CompiledProfile): EligibilitySubject {
  return cp.table.profiles[cp.row] as EligibilitySubject;
}

export function explainEligibility(cc: CompiledCall, cp: CompiledProfile): EligibilityResult {
  const subject = subjectOf(cp);
  const checks = [statusCheck(cc), beneficiaryCheck(cc, subject), territoryCheck(cc, cp), populationCheck(cc, subject), clusterCheck(cc, cp)];
  const outcome = checks.some((c) => !c.passed) ? "non-idoneo" : cc.beneficiaryMode === "associated" ? "forma-associata" : "idoneo";
  const associatedForm = outcome === "forma-associata";
  const failedReasons = checks.filter((c) => !c.passed).map((c) => c.message);
  const associatedReason = associatedForm ? checks.filter((c) => c.rule === "beneficiari").map((c) => c.message) : [];
  const others = checks.filter((c) => c.passed && !(associatedForm && c.rule === "beneficiari")).map((c) => c.message);
  return {
    outcome,
    eligible: outcome !== "non-idoneo",
    associatedForm,
    checks,
    reasons: [...failedReasons, ...associatedReason, ...others],
  };
}

/** `eligibility(call, comune, now)`: the verdict on one pair, with Italian reasons. */
export function eligibility(call: Call, comune: EligibilitySubject, now: Date): EligibilityResult {
  return explainEligibility(compileCall(call, { now }), compileSubject(comune));
}
