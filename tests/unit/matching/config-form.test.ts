import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMPONENT_KEYS, DEFAULT_SCORING_CONFIG } from "~/domain/matching";
import { CONFIG_FIELDS, CONFIG_GROUPS, configFormValues, fieldId, parseScoringConfigForm } from "~/domain/matching/config-form";

/** The admins' form of the scoring configuration (app/domain/matching/config-form.ts). */
describe("scoring configuration form", () => {
  it("has one field per number of the configuration, each with a unique id", () => {
    const leaves = (value: unknown, prefix: string): string[] =>
      value && typeof value === "object"
        ? Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k))
        : [prefix];
    const paths = leaves(DEFAULT_SCORING_CONFIG, "").filter((p) => p !== "revision");
    expect(CONFIG_FIELDS.map((f) => f.path).sort()).toEqual(paths.sort());
    expect(new Set(CONFIG_FIELDS.map((f) => fieldId(f.path))).size).toBe(CONFIG_FIELDS.length);
    expect(CONFIG_GROUPS[0]!.fields.map((f) => f.path)).toEqual(COMPONENT_KEYS.map((k) => `weights.${k}`));
  });

  it("round-trips the default configuration (decimal commas)", () => {
    const values = configFormValues(DEFAULT_SCORING_CONFIG);
    expect(values["programme.themeShare"]).toBe("0,6");
    expect(parseScoringConfigForm(values, DEFAULT_SCORING_CONFIG)).toEqual({ ok: true, config: DEFAULT_SCORING_CONFIG });
  });

  it("accepts amounts written with thousands separators, and points as decimal marks", () => {
    const values = { ...configFormValues(DEFAULT_SCORING_CONFIG), "money.referenceBudget.medio": "200.000", "time.farValue": "0.65" };
    const parsed = parseScoringConfigForm(values, DEFAULT_SCORING_CONFIG);
    expect(parsed.ok && parsed.config.money.referenceBudget.medio).toBe(200_000);
    expect(parsed.ok && parsed.config.time.farValue).toBe(0.65);
  });

  it("never throws: any text in any field gives a configuration that validates, or Italian errors", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CONFIG_FIELDS.map((f) => f.path)), fc.string({ maxLength: 12 }), (path, text) => {
        const result = parseScoringConfigForm({ ...configFormValues(DEFAULT_SCORING_CONFIG), [path]: text }, DEFAULT_SCORING_CONFIG);
        if (result.ok) return;
        const messages = Object.values(result.errors);
        expect(messages.length).toBeGreaterThan(0);
        for (const m of messages) expect(m).toMatch(/deve|devono|campo obbligatorio/);
      }),
      { numRuns: 1000, seed: 20261123 },
    );
  });

  it("reports a missing field", () => {
    const { "weights.tempi": _gone, ...values } = configFormValues(DEFAULT_SCORING_CONFIG);
    const parsed = parseScoringConfigForm(values, DEFAULT_SCORING_CONFIG);
    expect(parsed).toEqual({ ok: false, errors: { "weights.tempi": "«Tempi per presentare la domanda»: campo obbligatorio." } });
  });
});
