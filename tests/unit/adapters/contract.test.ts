import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ADAPTERS, adapterFor } from "~/ingestion/adapters";
import { SOURCE_KEYS } from "~/ingestion/types";
import { normaliseRawCall } from "~/domain/call-input";
import { htmlToText } from "~/ingestion/html.server";
import { InputError } from "~/lib/errors";
import { context, expectValidSource, rawCallProblems } from "../../setup/raw-call";

/**
 * Every adapter of an external source against the RawCall contract, on every fixture of its
 * folder (`tests/fixtures/<source-key>/`): clean values (the self-check), and every call accepted
 * by the pipeline's own validation and normalisation (`normaliseRawCall`). The curators' formats
 * (bando-json, csv-template, xlsx-template) carry raw values and deliberately bad rows by design;
 * their fixtures are checked through the pipeline in tests/unit/ingestion-adapters.test.ts.
 */
const EXTERNAL_SOURCES = new Set(["padigitale2026-avvisi", "regione-lombardia", "incentivi-gov", "eu-sedia", "rss"]);
const fixturesRoot = join(import.meta.dirname, "..", "..", "fixtures");
/** Fixtures that must be refused as a whole (hostile XML). */
const REFUSED = new Set(["rss/billion-laughs.xml", "rss/xxe.xml"]);

describe("adapter registry and RawCall contract", () => {
  it("registers each adapter under its own source key", () => {
    for (const [key, adapter] of Object.entries(ADAPTERS)) {
      expect(SOURCE_KEYS).toContain(key);
      expect(adapter.source).toBe(key);
      expect(adapter.mediaTypes.length).toBeGreaterThan(0);
      expect(adapterFor(key)).toBe(adapter);
    }
    for (const key of ["padigitale2026-avvisi", "regione-lombardia", "incentivi-gov", "eu-sedia", "rss"]) {
      expect(adapterFor(key)).toBeDefined();
    }
    expect(adapterFor("toString")).toBeUndefined();
  });

  for (const [key, adapter] of Object.entries(ADAPTERS)) {
    const folder = join(fixturesRoot, key);
    if (!existsSync(folder) || !EXTERNAL_SOURCES.has(key)) continue;
    it(`${key}: every fixture yields valid calls (required fields, known keys) or is refused on purpose`, async () => {
      const files = readdirSync(folder).filter((f) => f !== "README.md");
      expect(files.length).toBeGreaterThan(0);
      expect(existsSync(join(folder, "README.md"))).toBe(true);
      let calls = 0;
      for (const file of files) {
        const name = `${key}/${file}`;
        const run = async () => adapter.parse(readFileSync(join(folder, file)), context(file));
        if (REFUSED.has(name)) {
          await expect(run()).rejects.toBeInstanceOf(InputError);
          continue;
        }
        const result = await run();
        expectValidSource(result);
        for (const { call } of result.items) {
          expect(rawCallProblems(call)).toEqual([]);
          expect(call.beneficiari).toBeInstanceOf(Array);
          const normalised = normaliseRawCall(call, { htmlToText });
          expect(normalised.ok ? null : normalised.problem, `${name}: ${call.idFonte}`).toBeNull();
        }
        calls += result.items.length;
      }
      expect(calls).toBeGreaterThan(0);
    });
  }

  it("the self-check itself catches contract violations", () => {
    expect(
      rawCallProblems({
        idFonte: "",
        titolo: "t",
        ente: "e",
        beneficiari: ["comuni"],
        temi: ["digitale"],
        livelloEnte: "statale",
        scadenza: "domani",
        url: "javascript:x",
        extra: 1,
      } as never),
    ).toEqual([
      "chiave sconosciuta extra",
      "idFonte mancante",
      "beneficiario comuni",
      "tema digitale",
      "livelloEnte",
      "scadenza domani",
      "url javascript:x",
    ]);
  });
});
