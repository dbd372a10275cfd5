import type { Db } from "~db/client.server";
import { allComuni, insertComune, updateComune } from "~/data/comuni.server";
import { sizeCluster } from "~/domain/clusters";
import { LOMBARDY_PROVINCES, LOMBARDY_REGION_CODE, LOMBARDY_REGION_NAME, provinceCodeOf } from "~/domain/territory";
import { foldText, italianTitleCase } from "~/domain/text";
import { latestPerComune, type AnprPopulationRecord } from "./popolazione-anpr";
import type { ApplyResult, ImportContext } from "./registry.server";
import type { ParsedRecord, RunReject } from "./types";

const PROVINCE_BY_NAME = new Map(LOMBARDY_PROVINCES.map((p) => [foldText(p.name), p]));

/**
 * Updates population and cluster from the latest month of each comune in the file. Comuni the
 * registry does not know yet (created by a merger after the embedded list) are added when their
 * province is Lombard; the rest are rejected with their line.
 */
export function applyAnprPopulation(
  tx: Db,
  parsed: ParsedRecord<AnprPopulationRecord>[],
  context: ImportContext,
): ApplyResult {
  const existing = new Map(allComuni(tx).map((c) => [c.istat, c]));
  const latest = latestPerComune(parsed);
  const rejects: RunReject[] = [];
  const clusterChanges: { istat: string; name: string; from: string; to: string; population: number }[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  let done = 0;
  let skippedOtherRegions = 0;

  for (const { line, value } of latest) {
    context.onProgress?.(++done, latest.length);
    const cluster = sizeCluster(value.residents);
    const current = existing.get(value.istat);
    if (!current) {
      const province = PROVINCE_BY_NAME.get(foldText(value.provinceName));
      if (!province && foldText(value.regionName) !== "lombardia") {
        skippedOtherRegions++;
        continue;
      }
      if (!province || provinceCodeOf(value.istat) !== province.code) {
        rejects.push({
          line,
          field: "COD_ISTAT_COMUNE",
          reason: `comune ${value.istat} (${value.name}) non presente in anagrafica: il codice non corrisponde alla provincia "${value.provinceName}"`,
        });
        continue;
      }
      const name = italianTitleCase(value.name);
      insertComune(tx, {
        istat: value.istat,
        name,
        nameFolded: foldText(name),
        provinceSigla: province.sigla,
        provinceCode: province.code,
        regionCode: LOMBARDY_REGION_CODE,
        regionName: LOMBARDY_REGION_NAME,
        cadastralCode: null,
        population: value.residents,
        populationYear: value.year,
        populationMonth: value.month,
        populationSource: "anpr",
        sizeCluster: cluster,
        isCapoluogo: false,
        suppressed: false,
        successorIstat: null,
        suppressedOn: null,
        nameSource: "anpr",
      });
      created++;
      continue;
    }
    if (
      current.population === value.residents &&
      current.populationYear === value.year &&
      current.populationMonth === value.month &&
      current.populationSource === "anpr"
    ) {
      unchanged++;
      continue;
    }
    if (current.sizeCluster !== cluster) {
      clusterChanges.push({ istat: current.istat, name: current.name, from: current.sizeCluster, to: cluster, population: value.residents });
    }
    updateComune(tx, current.istat, {
      population: value.residents,
      populationYear: value.year,
      populationMonth: value.month,
      populationSource: "anpr",
      sizeCluster: cluster,
    });
    updated++;
  }

  const inFile = new Set(latest.map((r) => r.value.istat));
  const missing = [...existing.values()]
    .filter((c) => c.regionCode === LOMBARDY_REGION_CODE && !c.suppressed && !inFile.has(c.istat))
    .map((c) => `${c.istat} ${c.name}`);
  const warnings =
    missing.length > 0 && missing.length < existing.size / 2
      ? [`${missing.length} comuni attivi in anagrafica non compaiono nel file (possibili fusioni: importare l'elenco ISTAT): ${missing.join(", ")}`]
      : [];

  return {
    created,
    updated,
    unchanged,
    rejects,
    details: { clusterChanges, comuniInFile: latest.length, skippedOtherRegions, warnings },
  };
}
