/**
 * A call's eligibility rules in plain Italian, for the call page: who may apply, where, what
 * size, in which form, when and how. The same rules the engine applies (matching/eligibility.ts),
 * written for a person reading the call rather than for one comune. Pure.
 */

import { type Call, effectiveProcedure } from "./call";
import { sortBands } from "./matching/amount";
import { SIZE_CLUSTER_PHRASES, SIZE_CLUSTERS } from "./clusters";
import { formatDateTime, formatEuro, formatInteger } from "./format";
import { ITALIAN_REGIONS } from "./regions";
import { AGGREGATION_TYPES, BENEFICIARY_LABELS, type BeneficiaryKey } from "./taxonomy";
import { provinceBySigla } from "./territory";

export type RuleTopic = "beneficiari" | "forma" | "territorio" | "popolazione" | "tempi" | "procedura" | "importi" | "cofinanziamento";

export interface CallRule {
  topic: RuleTopic;
  /** A short heading ("Chi può partecipare"). */
  label: string;
  text: string;
}

const DIRECT: readonly BeneficiaryKey[] = ["comune", "ente-pubblico"];

function joinItalian(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} e ${items.at(-1)}`;
}

function regionName(code: string): string {
  return ITALIAN_REGIONS.find((r) => r.code === code)?.name ?? `regione ${code}`;
}

export interface CallRulesContext {
  /** Names of the comuni a call lists (by ISTAT code), when the call restricts to a list. */
  comuneNames?: ReadonlyMap<string, string>;
}

export function callRules(call: Omit<Call, "id">, context: CallRulesContext = {}): CallRule[] {
  const rules: CallRule[] = [];
  const beneficiaries = call.beneficiaries;
  const labels = beneficiaries.map((b) => BENEFICIARY_LABELS[b].toLowerCase());
  const direct = beneficiaries.some((b) => DIRECT.includes(b));
  const aggregations = beneficiaries.filter((b) => (AGGREGATION_TYPES as readonly string[]).includes(b));

  rules.push({
    topic: "beneficiari",
    label: "Chi può partecipare",
    text:
      beneficiaries.length === 0
        ? "Il bando non indica i beneficiari: verificare il testo del bando."
        : `Possono presentare domanda: ${joinItalian(labels)}.${
            direct || aggregations.length > 0 ? "" : " I comuni non sono tra i beneficiari."
          }`,
  });

  if (call.associatedOnly || (!direct && aggregations.length > 0)) {
    rules.push({
      topic: "forma",
      label: "Forma della domanda",
      text: call.associatedOnly
        ? "Solo domande in forma associata: i comuni partecipano tramite un'unione, una comunità montana o una gestione associata."
        : `I comuni possono partecipare solo in forma associata, tramite ${joinItalian(aggregations.map((a) => BENEFICIARY_LABELS[a].toLowerCase()))}.`,
    });
  }

  const t = call.territory;
  const where: string[] = [];
  if (t.regions.length) where.push(t.regions.length === 1 ? `della regione ${regionName(t.regions[0]!)}` : `delle regioni ${joinItalian(t.regions.map(regionName))}`);
  if (t.provinces.length) {
    const names = t.provinces.map((s) => `${provinceBySigla(s)?.name ?? s} (${s})`);
    where.push(t.provinces.length === 1 ? `della provincia di ${names[0]}` : `delle province di ${joinItalian(names)}`);
  }
  if (t.comuni.length) {
    const names = t.comuni.map((c) => context.comuneNames?.get(c) ?? c);
    const shown = names.slice(0, 12);
    const rest = names.length - shown.length;
    where.push(`elencati dal bando (${formatInteger(names.length)}: ${shown.join(", ")}${rest > 0 ? ` e altri ${formatInteger(rest)}` : ""})`);
  }
  rules.push({
    topic: "territorio",
    label: "Territorio",
    text: where.length === 0 ? "Nessun limite territoriale." : `Riservato ai soggetti ${where.join(", ")}.`,
  });

  const min = call.populationMin;
  const max = call.populationMax;
  // Every cluster listed is no restriction at all (as for the engine).
  const listed = SIZE_CLUSTERS.filter((c) => call.sizeClusters.includes(c));
  const clusters = listed.length === SIZE_CLUSTERS.length ? [] : listed;
  if (min !== null || max !== null || clusters.length > 0) {
    const parts: string[] = [];
    if (min !== null && max !== null) parts.push(`tra ${formatInteger(min)} e ${formatInteger(max)} abitanti (estremi compresi)`);
    else if (max !== null) parts.push(`fino a ${formatInteger(max)} abitanti`);
    else if (min !== null) parts.push(`con almeno ${formatInteger(min)} abitanti`);
    if (clusters.length > 0) parts.push(`di fascia demografica ${clusters.map((c) => SIZE_CLUSTER_PHRASES[c]).join(" o ")}`);
    rules.push({ topic: "popolazione", label: "Dimensione del comune", text: `Solo comuni ${parts.join(", ")}.` });
  } else {
    rules.push({ topic: "popolazione", label: "Dimensione del comune", text: "Nessun limite di popolazione." });
  }

  const opens = call.opensAt ? formatDateTime(call.opensAt) : null;
  const deadline = call.deadline ? formatDateTime(call.deadline) : null;
  rules.push({
    topic: "tempi",
    label: "Quando",
    text: deadline
      ? opens
        ? `Domande dal ${opens} al ${deadline} (ora italiana).`
        : `Domande entro il ${deadline} (ora italiana).`
      : opens
        ? `Domande dal ${opens}, a sportello fino a esaurimento delle risorse.`
        : "A sportello, fino a esaurimento delle risorse.",
  });

  const procedure = effectiveProcedure(call);
  if (procedure) {
    rules.push({
      topic: "procedura",
      label: "Procedura",
      text:
        procedure === "sportello"
          ? "A sportello: le domande sono valutate in ordine di arrivo finché ci sono risorse; conviene presentarla presto."
          : "A graduatoria: le domande sono valutate insieme dopo la scadenza e finanziate in ordine di punteggio.",
    });
  }

  const bands = sortBands(call.amountBands);
  const amounts: string[] = [];
  if (bands.length > 0) amounts.push(`l'importo dipende dalla popolazione del comune (${formatInteger(bands.length)} fasce, da ${formatEuro(Math.min(...bands.map((b) => b.amount)))} a ${formatEuro(Math.max(...bands.map((b) => b.amount)))})`);
  else if (call.amountMin !== null && call.amountMax !== null) amounts.push(`contributo da ${formatEuro(call.amountMin)} a ${formatEuro(call.amountMax)} per domanda`);
  else if (call.amountMax !== null) amounts.push(`contributo fino a ${formatEuro(call.amountMax)} per domanda`);
  else if (call.amountMin !== null) amounts.push(`contributo di almeno ${formatEuro(call.amountMin)} per domanda`);
  if (call.budget !== null) amounts.push(`dotazione complessiva ${formatEuro(call.budget)}`);
  rules.push({
    topic: "importi",
    label: "Importi",
    text: amounts.length ? `${amounts.join("; ").replace(/^./, (c) => c.toUpperCase())}.` : "Il bando non indica gli importi.",
  });

  if (call.cofinancingPct !== null && call.cofinancingPct > 0) {
    rules.push({
      topic: "cofinanziamento",
      label: "Cofinanziamento",
      text: `Il comune deve coprire con risorse proprie il ${String(call.cofinancingPct).replace(".", ",")} % del costo del progetto.`,
    });
  }
  return rules;
}
