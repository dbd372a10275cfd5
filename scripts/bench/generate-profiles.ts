/**
 * Seeded synthetic profiles for the real comuni (pure data): aggregations, programme items,
 * maturity checklist, PA digitale funding history; and dismissals over generated calls.
 */

import type { Call } from "~/domain/call";
import { sizeCluster } from "~/domain/clusters";
import type { DismissalInput } from "~/domain/matching";
import { DISMISSAL_REASONS } from "~/domain/matching";
import {
  type ComuneProfile,
  type FundingRecord,
  MATURITY_KEYS,
  type MaturityEntry,
  PROGRAMME_INSTRUMENTS,
  type ProgrammeItem,
} from "~/domain/profile";
import { THEME_KEYS } from "~/domain/taxonomy";
import { ITEM_DESCRIPTION_TEMPLATES, ITEM_TITLE_TEMPLATES, THEME_PHRASES, fill } from "./phrases";
import { Random } from "./random";

export interface ProfileSeed {
  istat: string;
  name: string;
  provinceSigla: string;
  regionCode: string;
  population: number;
}

const FUNDED_MEASURES: [string, string, number][] = [
  ["1.4.4", "Adozione identità digitale - Comuni", 14_000],
  ["1.4.3", "Adozione piattaforma pagoPA - Comuni", 20_000],
  ["1.4.5", "Piattaforma Notifiche Digitali - Comuni", 23_147],
  ["1.4.1", "Esperienza del cittadino nei servizi pubblici - Comuni", 79_922],
  ["1.2", "Abilitazione e facilitazione migrazione al Cloud - Comuni", 47_000],
];

export function generateProfiles(seeds: readonly ProfileSeed[], seed: number): ComuneProfile[] {
  const random = new Random(seed);
  let itemId = 0;
  let aggregationId = 0;
  return seeds.map((s) => {
    const cluster = sizeCluster(s.population);
    const small = cluster === "piccolo";
    const aggregations: ComuneProfile["aggregations"] = [];
    if (small && random.chance(0.35)) aggregations.push({ id: ++aggregationId, name: `Unione dei comuni di ${s.name}`, type: "unione-di-comuni" });
    if (small && random.chance(0.25)) aggregations.push({ id: ++aggregationId, name: `Comunità montana (${s.provinceSigla})`, type: "comunita-montana" });
    if (random.chance(0.1)) aggregations.push({ id: ++aggregationId, name: `Convenzione servizi associati ${s.name}`, type: "convenzione" });

    const itemCount = random.chance(0.3) ? 0 : random.int(1, small ? 5 : 9);
    const programme: ProgrammeItem[] = [];
    for (let k = 0; k < itemCount; k++) {
      const themes = random.sample(THEME_KEYS, random.weighted([[1, 6], [2, 3]] as const));
      const phrase = random.pick(THEME_PHRASES[themes[0] ?? "cloud"].item);
      const other = random.pick(THEME_PHRASES[random.pick(THEME_KEYS)].item);
      const title = fill(random.pick(ITEM_TITLE_TEMPLATES), { p: phrase, y: "2026" });
      const description = fill(random.pick(ITEM_DESCRIPTION_TEMPLATES), { p: phrase, q: other });
      programme.push({
        id: ++itemId,
        title: title.charAt(0).toUpperCase() + title.slice(1),
        description: description || null,
        themes,
        amount: random.chance(0.8) ? random.amount(small ? 5_000 : 20_000, small ? 300_000 : 3_000_000) : null,
        startYear: 2026,
        endYear: random.int(2026, 2028),
        instrument: random.pick(PROGRAMME_INSTRUMENTS),
        state: random.weighted([["previsto", 6], ["in-corso", 3], ["concluso", 1]] as const),
      });
    }

    const maturity: MaturityEntry[] = random.chance(0.6)
      ? MATURITY_KEYS.map((key) => ({
          key,
          state: random.weighted([["non-avviato", 3], ["in-corso", 3], ["completato", 4]] as const),
          date: null,
          setBy: "rtd" as const,
        }))
      : [];

    const fundingHistory: FundingRecord[] = [];
    for (const [measure, notice, amount] of FUNDED_MEASURES) {
      if (random.chance(0.45)) {
        fundingHistory.push({ measure, notice, amount, status: random.weighted([["assegnato", 5], ["erogato", 4], ["rinunciato", 1]] as const), fundedOn: "2023-03-01" });
      }
    }

    return {
      istat: s.istat,
      name: s.name,
      provinceSigla: s.provinceSigla,
      regionCode: s.regionCode,
      population: s.population,
      sizeCluster: cluster,
      aggregations,
      programme,
      maturity,
      fundingHistory,
    };
  });
}

/** Dismissals for a share of comuni, over random calls. */
export function generateDismissals(profiles: readonly ComuneProfile[], calls: readonly Call[], seed: number, share = 0.03): Map<string, DismissalInput[]> {
  const random = new Random(seed);
  const result = new Map<string, DismissalInput[]>();
  for (const p of profiles) {
    if (!random.chance(share)) continue;
    const list: DismissalInput[] = [];
    for (let k = random.int(1, 3); k > 0; k--) {
      const call = random.pick(calls);
      list.push({ callId: call.id, reason: random.pick(DISMISSAL_REASONS), note: null, dismissedAt: "2026-02-01T10:00:00.000Z", call });
    }
    result.set(p.istat, list);
  }
  return result;
}
