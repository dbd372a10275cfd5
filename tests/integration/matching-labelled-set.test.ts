import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { callFromRow, publishedCallRows } from "~/data/calls.server";
import { runIngest } from "~/ingestion/pipeline.server";
import { createTestDb } from "../setup/db";
import { LABELLED_DIR, labelledCalls, labelledComuni, labelledPairs, labelledVerdict } from "../unit/matching/labelled-fixture";

/**
 * The labelled set (tests/fixtures/matching) through the real ingestion: the bando-json adapter
 * and pipeline store the calls (size clusters from `fasce` included), the data layer maps them
 * back (`callFromRow`), and the engine agrees with every label on the stored calls as they are.
 * Together with the unit test it shows the labels hold for calls as the store holds them, not
 * only for a test's own converter.
 */
describe("labelled set through ingestion, storage and the data-layer mapper", () => {
  it("stores the calls the unit test builds, and agrees with all 200 labels", async () => {
    const db = createTestDb({ seedComuni: true });
    const summary = await runIngest(db, { source: "bando-json", content: readFileSync(join(LABELLED_DIR, "bandi.json")), input: "bandi.json", publish: true });
    expect(summary).toMatchObject({ status: "completato", created: 20, rejected: 0 });

    const expected = labelledCalls();
    const stored = new Map(publishedCallRows(db).map((row) => [row.publicId.replace(/^etichettato:/, ""), callFromRow(row)]));
    expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [idFonte, call] of stored) expect(call, idFonte).toEqual(expected.get(idFonte));
    expect(stored.get("B14")!.sizeClusters).toEqual(["medio"]);

    const comuni = labelledComuni();
    const now = new Date("2026-03-01T09:00:00Z");
    const pairs = labelledPairs();
    const disagreements = pairs.flatMap(({ idFonte, istat, label }) => {
      const got = labelledVerdict(stored.get(idFonte)!, comuni.get(istat)!, now);
      return got === label ? [] : [`${idFonte} × ${istat}: atteso ${label}, ottenuto ${got}`];
    });
    expect(pairs).toHaveLength(200);
    expect(pairs.filter((p) => p.label === "N:fascia")).toHaveLength(7);
    expect(disagreements).toEqual([]);
  });
});
