import { describe, expect, it } from "vitest";
import {
  COMPONENT_KEYS,
  DEFAULT_SCORING_CONFIG,
  type DismissalInput,
  ENGINE_VERSION,
  type ScoringConfig,
  configFingerprint,
  matchVersionTag,
  score,
  validateScoringConfig,
} from "~/domain/matching";
import type { MaturityEntry } from "~/domain/profile";
import { NOW, makeCall, makeItem, makeProfile } from "./factories";

const ctx = { now: NOW };
const maturity = (state: MaturityEntry["state"]): MaturityEntry[] => [{ key: "cloud", state, date: null, setBy: "rtd" }];

describe("score — shape", () => {
  it("is an integer 0–100, the sum of named components {punti, max} whose maxima add up to 100", () => {
    const result = score(makeCall(), makeProfile({ programme: [makeItem()] }), ctx);
    expect(Object.keys(result.components)).toEqual([...COMPONENT_KEYS]);
    const sum = Object.values(result.components).reduce((n, c) => n + c.punti, 0);
    expect(result.total).toBe(sum);
    expect(Number.isInteger(result.total)).toBe(true);
    expect(Object.values(result.components).reduce((n, c) => n + c.max, 0)).toBe(100);
    for (const c of Object.values(result.components)) {
      expect(Number.isInteger(c.punti)).toBe(true);
      expect(c.punti).toBeGreaterThanOrEqual(0);
      expect(c.punti).toBeLessThanOrEqual(c.max);
    }
  });

  it("gives short Italian reasons, most important first", () => {
    const result = score(makeCall(), makeProfile({ programme: [makeItem()], maturity: maturity("non-avviato") }), ctx);
    expect(result.reasons[0]).toBe("In linea con la voce «Migrazione in cloud dei servizi comunali» del PT-ICT, sul tema «Migrazione al cloud».");
    const importance = result.details.map((d) => d.importance);
    expect(importance).toEqual([...importance].sort((a, b) => b - a));
    expect(result.reasons).toEqual(result.details.map((d) => d.text));
  });

  it("is deterministic: same inputs, same output", () => {
    const profile = makeProfile({ programme: [makeItem(), makeItem({ id: 2, title: "Sito web", themes: ["servizi-digitali"] })] });
    expect(score(makeCall(), profile, ctx)).toEqual(score(makeCall(), profile, ctx));
  });
});

describe("score — programme fit", () => {
  it("a comune without programming gets no programme points and is told so", () => {
    const result = score(makeCall(), makeProfile(), ctx);
    expect(result.components.programmazione.punti).toBe(0);
    expect(result.reasons).toContain("Il comune non ha ancora inserito la propria programmazione.");
  });

  it("a programme item on the call's themes gives full points; an unrelated one none", () => {
    expect(score(makeCall(), makeProfile({ programme: [makeItem()] }), ctx).components.programmazione.punti).toBe(35);
    const unrelated = makeItem({ title: "Rifacimento del campo sportivo", description: "Nuovi spogliatoi.", themes: ["sport"] });
    const result = score(makeCall(), makeProfile({ programme: [unrelated] }), ctx);
    expect(result.components.programmazione.punti).toBe(0);
    expect(result.reasons).toContain("Nessuna voce della programmazione del comune riguarda i temi del bando.");
  });

  it("text similarity counts even without a common theme", () => {
    const untagged = makeItem({ title: "Migrazione dei servizi comunali in cloud", description: null, themes: [] });
    const result = score(makeCall(), makeProfile({ programme: [untagged] }), ctx);
    expect(result.components.programmazione.punti).toBeGreaterThan(0);
    expect(result.reasons).toContain("Il testo del bando è simile alla voce «Migrazione dei servizi comunali in cloud» del PT-ICT.");
  });

  it("a concluded item weighs less than a planned one", () => {
    const planned = score(makeCall(), makeProfile({ programme: [makeItem()] }), ctx).components.programmazione.punti;
    const done = score(makeCall(), makeProfile({ programme: [makeItem({ state: "concluso" })] }), ctx).components.programmazione.punti;
    expect(done).toBeLessThan(planned);
  });
});

describe("score — maturity gap", () => {
  it("funds something not done yet: not started > in progress > completed", () => {
    const points = (state: MaturityEntry["state"]) => score(makeCall(), makeProfile({ maturity: maturity(state) }), ctx).components.maturita.punti;
    expect(points("non-avviato")).toBe(15);
    expect(points("in-corso")).toBeLessThan(15);
    expect(points("completato")).toBeLessThan(points("in-corso"));
    expect(score(makeCall(), makeProfile({ maturity: maturity("completato") }), ctx).reasons).toContain("Il comune ha già completato «Migrazione al cloud».");
  });

  it("is lower when the comune was already funded for the same measure (renounced funding does not count)", () => {
    const call = makeCall({ pnrrMeasure: "M1C1-1.2" });
    const record = { measure: "1.2", notice: "Avviso 1.2 Comuni", amount: 47_000, fundedOn: "2023-01-10" };
    const fresh = score(call, makeProfile({ maturity: maturity("non-avviato") }), ctx);
    const funded = score(call, makeProfile({ maturity: maturity("non-avviato"), fundingHistory: [{ ...record, status: "erogato" }] }), ctx);
    const renounced = score(call, makeProfile({ maturity: maturity("non-avviato"), fundingHistory: [{ ...record, status: "rinunciato" }] }), ctx);
    expect(funded.components.maturita.punti).toBeLessThan(fresh.components.maturita.punti);
    expect(funded.reasons).toContain("Il comune ha già ottenuto un finanziamento per la misura 1.2 (€ 47.000,00).");
    expect(renounced.components.maturita.punti).toBe(fresh.components.maturita.punti);
  });

  it("is neutral for calls outside the checklist's themes", () => {
    const result = score(makeCall({ themes: ["sport"] }), makeProfile({ maturity: maturity("non-avviato") }), ctx);
    expect(result.components.maturita.punti).toBe(Math.round(DEFAULT_SCORING_CONFIG.maturity.neutral * 15));
  });
});

describe("score — money", () => {
  it("compares the claimable amount with the planned budget of the matching item", () => {
    const covered = score(makeCall({ amountMax: 50_000 }), makeProfile({ programme: [makeItem({ amount: 40_000 })] }), ctx);
    const partial = score(makeCall({ amountMax: 10_000 }), makeProfile({ programme: [makeItem({ amount: 40_000 })] }), ctx);
    expect(covered.components.importo.punti).toBe(15);
    expect(partial.components.importo.punti).toBeLessThan(covered.components.importo.punti);
    expect(partial.reasons).toContain(
      "L'importo richiedibile (€ 10.000,00) copre il 25 % del budget previsto per «Migrazione in cloud dei servizi comunali» (€ 40.000,00).",
    );
  });

  it("co-financing weighs more on a small comune than on a large one", () => {
    const call = makeCall({ cofinancingPct: 30, amountMax: 1_000_000 });
    const smallLoss = 15 - score(call, makeProfile({ population: 2000 }), ctx).components.importo.punti;
    const largeLoss = 15 - score(call, makeProfile({ population: 80_000 }), ctx).components.importo.punti;
    expect(smallLoss).toBeGreaterThan(largeLoss);
    expect(score(call, makeProfile({ population: 2000 }), ctx).reasons).toContain("Richiede un cofinanziamento del 30 %, oneroso per un piccolo comune.");
  });

  it("an unknown amount is neutral and said", () => {
    const result = score(makeCall({ amountMax: null }), makeProfile(), ctx);
    expect(result.claimableAmount).toBeNull();
    expect(result.reasons).toContain("Il bando non indica l'importo richiedibile.");
  });
});

describe("score — time", () => {
  const inDays = (days: number) => makeCall({ deadline: new Date(NOW.getTime() + days * 86_400_000).toISOString() });

  it("fewer days than the minimum preparation time score less, and the reason says so", () => {
    const tight = score(inDays(5), makeProfile(), ctx);
    const enough = score(inDays(40), makeProfile(), ctx);
    expect(tight.components.tempi.punti).toBeLessThan(enough.components.tempi.punti);
    expect(enough.components.tempi.punti).toBe(15);
    expect(tight.reasons).toContain("Scade tra 5 giorni (06/03/2026): meno dei 20 giorni minimi per preparare la domanda.");
  });

  it("far deadlines lose a little urgency", () => {
    expect(score(inDays(300), makeProfile(), ctx).components.tempi.punti).toBeLessThan(15);
  });

  it("a call a sportello says to apply early", () => {
    const open = score(makeCall({ deadline: null, procedure: "sportello" }), makeProfile(), ctx);
    expect(open.reasons).toContain("A sportello fino a esaurimento delle risorse: conviene presentare la domanda presto.");
    const withDeadline = score(makeCall({ procedure: "sportello" }), makeProfile(), ctx);
    expect(withDeadline.reasons.some((r) => r.endsWith("È a sportello: le risorse possono esaurirsi prima."))).toBe(true);
  });
});

describe("score — size targeting", () => {
  it("a call reserved to the comune's cluster scores more than a banded one, more than a generic one", () => {
    const points = (overrides: Parameters<typeof makeCall>[0]) => score(makeCall(overrides), makeProfile(), ctx).components.dimensione.punti;
    const reserved = points({ populationMax: 5000 });
    const banded = points({ amountBands: [{ populationMin: 0, populationMax: 5000, amount: 1 }, { populationMin: 5001, populationMax: null, amount: 2 }] });
    const generic = points({});
    expect(reserved).toBe(10);
    expect(banded).toBeLessThan(reserved);
    expect(generic).toBeLessThan(banded);
    expect(score(makeCall({ populationMax: 5000 }), makeProfile(), ctx).reasons).toContain(
      "Bando riservato ai comuni fino a 5.000 abitanti: mirato alla fascia del comune (piccolo).",
    );
  });
});

describe("score — feedback", () => {
  const dismissed = makeCall({ id: "altro:cloud", title: "Avviso per la migrazione al cloud dei comuni", themes: ["cloud"] });
  const dismissal = (reason: DismissalInput["reason"], call = dismissed): DismissalInput => ({
    callId: call.id,
    reason,
    note: null,
    dismissedAt: "2026-02-10T10:00:00Z",
    call,
  });

  it("a 'non pertinente' lowers similar calls for that comune", () => {
    const without = score(makeCall(), makeProfile(), ctx);
    const withIt = score(makeCall(), makeProfile(), { ...ctx, dismissals: [dismissal("tema-non-pertinente")] });
    expect(without.components.segnalazioni.punti).toBe(10);
    expect(withIt.components.segnalazioni.punti).toBeLessThan(5);
    expect(withIt.reasons[0]).toBe(
      "Simile a «Avviso per la migrazione al cloud dei comuni», segnalato dal comune come non pertinente (tema non di interesse per il comune).",
    );
  });

  it("does not lower dissimilar calls", () => {
    const sport = makeCall({ id: "x:sport", title: "Impianti sportivi", description: "Palestre e campi.", themes: ["sport"] });
    expect(score(sport, makeProfile(), { ...ctx, dismissals: [dismissal("tema-non-pertinente")] }).components.segnalazioni.punti).toBe(10);
  });

  it("a reason about one deadline spreads less than one about the theme", () => {
    const theme = score(makeCall(), makeProfile(), { ...ctx, dismissals: [dismissal("tema-non-pertinente")] });
    const time = score(makeCall(), makeProfile(), { ...ctx, dismissals: [dismissal("tempi-insufficienti")] });
    expect(time.components.segnalazioni.punti).toBeGreaterThan(theme.components.segnalazioni.punti);
  });
});

describe("scoring configuration", () => {
  it("the defaults are valid and weigh 100 points", () => {
    expect(validateScoringConfig(DEFAULT_SCORING_CONFIG)).toEqual([]);
  });

  it("refuses weights not adding up to 100 and out-of-range values, in Italian", () => {
    const bad: ScoringConfig = {
      ...DEFAULT_SCORING_CONFIG,
      weights: { ...DEFAULT_SCORING_CONFIG.weights, programmazione: 40 },
      programme: { ...DEFAULT_SCORING_CONFIG.programme, themeShare: 1.5 },
    };
    expect(validateScoringConfig(bad)).toEqual(["I pesi devono sommare a 100 (ora 105).", "«programme.themeShare» deve essere un numero tra 0 e 1."]);
  });

  it("weights drive the components' maxima", () => {
    const config: ScoringConfig = {
      ...DEFAULT_SCORING_CONFIG,
      weights: { programmazione: 50, maturita: 10, importo: 10, tempi: 10, dimensione: 10, segnalazioni: 10 },
    };
    const result = score(makeCall(), makeProfile({ programme: [makeItem()] }), { ...ctx, config });
    expect(result.components.programmazione).toEqual({ punti: 50, max: 50 });
  });

  it("has a stable fingerprint that changes with any value; ENGINE_VERSION tags every match", () => {
    expect(configFingerprint(DEFAULT_SCORING_CONFIG)).toBe(configFingerprint(structuredClone(DEFAULT_SCORING_CONFIG)));
    const changed = { ...DEFAULT_SCORING_CONFIG, time: { ...DEFAULT_SCORING_CONFIG.time, minPreparationDays: 21 } };
    expect(configFingerprint(changed)).not.toBe(configFingerprint(DEFAULT_SCORING_CONFIG));
    expect(matchVersionTag(DEFAULT_SCORING_CONFIG)).toBe(`${ENGINE_VERSION}+${configFingerprint(DEFAULT_SCORING_CONFIG)}`);
  });
});
