import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chooseDeadline, euDeadline, parseEuSedia, topicBudgetRows } from "~/ingestion/adapters/eu-sedia";
import { InputError } from "~/lib/errors";
import { FC_OPTIONS, NOW, context, encode, expectDataOrInputError, expectValidSource } from "../../setup/raw-call";

const fixture = readFileSync(join(import.meta.dirname, "..", "..", "fixtures", "eu-sedia", "search.json"));
const PORTAL = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/";
const ASSUMED_TIME = "Ora di scadenza non indicata dalla fonte: assunte le 17:00 (ora di Bruxelles, uso del portale UE).";

describe("eu-sedia adapter", () => {
  const result = parseEuSedia(fixture, context("sedia.json"));
  const byIndex = new Map(result.items.map((item) => [item.position.index, item.call]));

  it("reads every result and keeps the contract", () => {
    expect(result.fonte).toBe("eu-sedia");
    expect(result.read).toBe(7);
    expect([...byIndex.keys()]).toEqual([0, 1, 2, 3]);
    expectValidSource(result);
  });

  it("maps an open multi cut-off topic exactly: the next cut-off is the deadline", () => {
    expect(byIndex.get(0)).toEqual({
      idFonte: "TEST-DIGITAL-2026-CLOUD-01",
      titolo: "Cloud federation for local public administrations",
      ente: "Commissione europea",
      livelloEnte: "ue",
      descrizione:
        "<p><span>Expected outcome:</span> interoperable cloud services for <strong>municipalities</strong> and other public authorities.</p>",
      url: `${PORTAL}test-digital-2026-cloud-01`,
      temi: [],
      beneficiari: ["comune", "ente-pubblico"],
      territorio: null,
      dotazione: 10000000,
      importoMin: 1000000,
      importoMax: 3000000,
      apertura: "2026-03-04",
      scadenza: "2026-10-01T17:00",
      suggerimenti: [
        "Altra scadenza indicata dalla fonte: 29/04/2026, 17:00.",
        ASSUMED_TIME,
        "Beneficiari dedotti automaticamente dal testo: da verificare.",
        "Invito: TEST-DIGITAL-2026-CLOUD — Test Digital Europe call 2026.",
      ],
    });
  });

  it("takes the first stage of a two-stage topic, whatever the date", () => {
    expect(byIndex.get(1)).toMatchObject({
      scadenza: "2026-04-15T17:00",
      dotazione: 20000000,
      beneficiari: ["universita", "impresa"],
      suggerimenti: [
        "Altra scadenza indicata dalla fonte (procedura in due fasi): 17/09/2026, 17:00.",
        ASSUMED_TIME,
        "Beneficiari dedotti automaticamente dal testo: da verificare.",
      ],
    });
  });

  it("takes the last deadline of a closed topic, keeps explicit times and notes a broken budget", () => {
    expect(byIndex.get(2)).toMatchObject({
      url: "https://www.example.org/cerv/citizens-03",
      scadenza: "2025-09-10T17:00:00.000+0200",
      dotazione: null,
      beneficiari: ["ente-pubblico", "terzo-settore"],
      suggerimenti: [
        "budgetOverview non leggibile o non riferibile al topic: importi da verificare.",
        "Altra scadenza indicata dalla fonte: 15/03/2025, 17:00.",
        "Beneficiari dedotti automaticamente dal testo: da verificare.",
      ],
    });
  });

  it("keeps a forthcoming topic without deadline or budget", () => {
    expect(byIndex.get(3)).toMatchObject({
      apertura: "2026-12-01",
      scadenza: null,
      beneficiari: [],
      descrizione: "Forthcoming nature topic",
      suggerimenti: ["Beneficiari non determinabili dal testo: da completare."],
    });
  });

  it("rejects with index, field and reason", () => {
    expect(result.rejects).toEqual([
      { index: 4, field: "metadata", reason: "risultato senza metadati" },
      { index: 5, field: "identifier", reason: "identificativo del bando mancante" },
      { index: 6, field: "startDate", reason: 'data di apertura non valida: "soon"' },
    ]);
  });

  it("reads deadlines and chooses among them", () => {
    expect(euDeadline("2026-04-29T00:00:00.000+0000")).toEqual({ value: "2026-04-29T17:00", assumedTime: true });
    expect(euDeadline("2026-04-29")).toEqual({ value: "2026-04-29T17:00", assumedTime: true });
    expect(euDeadline("2026-04-29T15:00:00.000+0000")).toEqual({ value: "2026-04-29T15:00:00.000+0000", assumedTime: false });
    expect(euDeadline("2026-02-30")).toBeNull();
    const sorted = ["2026-03-01T17:00", "2026-06-01T17:00", "2026-09-01T17:00"];
    expect(chooseDeadline(sorted, { twoStage: false, closed: false, now: NOW })).toBe("2026-06-01T17:00");
    expect(chooseDeadline(sorted, { twoStage: true, closed: false, now: NOW })).toBe("2026-03-01T17:00");
    expect(chooseDeadline(sorted, { twoStage: false, closed: true, now: NOW })).toBe("2026-09-01T17:00");
    expect(chooseDeadline(sorted, { twoStage: false, closed: false, now: new Date("2027-01-01") })).toBe("2026-09-01T17:00");
    expect(chooseDeadline([], { twoStage: false, closed: false, now: NOW })).toBeNull();
  });

  it("reads only the topic's budget rows", () => {
    const overview = JSON.stringify({
      budgetTopicActionMap: { "1": [{ action: "OTHER-01 - x", budgetYearMap: { "2026": 5 } }], "2": [{ action: "MINE-01 - y", budgetYearMap: { "2026": "7", "2027": 3 } }] },
    });
    expect(topicBudgetRows(overview, "MINE-01")).toMatchObject([{ total: 10 }]);
    expect(topicBudgetRows(overview, "NONE-01")).toBeNull();
    expect(topicBudgetRows(["{oops"], "MINE-01")).toBeNull();
    expect(topicBudgetRows(undefined, "MINE-01")).toEqual([]);
  });

  it("refuses what is not a SEDIA response", () => {
    expect(() => parseEuSedia(encode("[]"), context("x"))).toThrow('risposta SEDIA non riconosciuta: manca l\'elenco "results"');
    expect(() => parseEuSedia(encode("{"), context("x"))).toThrow(InputError);
  });

  it("never crashes: arbitrary bytes and wrongly shaped results give data or InputError", async () => {
    const junkMeta = fc.oneof(fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }), fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null));
    const metaValue = fc.oneof(
      {
        arbitrary: fc.array(
          fc.constantFrom("T-1", "Title", "2026-04-29T00:00:00.000+0000", "2026-09-17", "2026-04-29T15:00:00.000+0200", "31094501", "31094503", "2026-99-99", "<p>municipalities and SMEs</p>"),
          { minLength: 1, maxLength: 3 },
        ),
        weight: 4,
      },
      { arbitrary: junkMeta, weight: 1 },
    );
    const budgetArb = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify({ budgetTopicActionMap: v })),
      fc
        .record({ action: fc.constantFrom("T-1 - a", "X"), budgetYearMap: fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.integer(), fc.string({ maxLength: 6 }))), minContribution: fc.jsonValue(), deadlineDates: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] })
        .map((row) => JSON.stringify({ budgetTopicActionMap: { "1": [row] } })),
    );
    const resultArb = fc.record(
      {
        reference: fc.oneof(fc.constant("T-1"), fc.string({ maxLength: 8 })),
        url: fc.oneof(fc.constant("javascript:x"), fc.webUrl(), fc.string({ maxLength: 8 })),
        metadata: fc.oneof(
          fc.record(
            { identifier: metaValue, title: metaValue, status: metaValue, startDate: metaValue, deadlineDate: metaValue, descriptionByte: metaValue, budgetOverview: fc.oneof(metaValue, budgetArb.map((b) => [b])) },
            { requiredKeys: ["identifier", "title"] },
          ),
          fc.jsonValue({ maxDepth: 2 }),
        ),
      },
      { requiredKeys: ["metadata"] },
    );
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ maxLength: 300 }).map(encode),
      fc.jsonValue({ maxDepth: 3 }).map((v) => encode(JSON.stringify({ results: v }))),
      fc.array(resultArb, { maxLength: 5 }).map((results) => encode(JSON.stringify({ totalResults: results.length, results }))),
    );
    await fc.assert(
      fc.asyncProperty(input, (bytes) => expectDataOrInputError(parseEuSedia, bytes)),
      FC_OPTIONS,
    );
  });
});
