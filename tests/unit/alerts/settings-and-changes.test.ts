import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeChanges, describeWithdrawal } from "~/domain/alerts/changes";
import { clampScore, DEFAULT_REMINDER_DAYS, defaultSettings, normaliseThemes, parseReminderDays } from "~/domain/alerts/settings";
import { changedFields, emptyContent } from "~/domain/call-content";
import { parseRomeDateTime } from "~/domain/time";

const FC = { numRuns: 1000, seed: 20261123 } as const;
const rome = (text: string) => parseRomeDateTime(text, "end")!.toISOString();

describe("subscription settings", () => {
  it("defaults: off-by-default is the caller's job; reminders 30, 14 and 3 days", () => {
    expect(DEFAULT_REMINDER_DAYS).toEqual([30, 14, 3]);
    expect(defaultSettings().reminderDays).toEqual([30, 14, 3]);
  });

  it("reads reminder lead times as the person types them: distinct, descending", () => {
    expect(parseReminderDays("30, 14, 3")).toEqual({ ok: true, days: [30, 14, 3] });
    expect(parseReminderDays("3;14 30 14")).toEqual({ ok: true, days: [30, 14, 3] });
    expect(parseReminderDays("  ")).toEqual({ ok: true, days: [] });
    expect(parseReminderDays("7")).toEqual({ ok: true, days: [7] });
  });

  it("refuses what is not a lead time, with an Italian message", () => {
    for (const bad of ["0", "366", "tre", "1.5", "-3", "1,2,3,4,5,6,7"]) {
      const r = parseReminderDays(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/giorni|promemoria|numero/);
    }
  });

  it("property: any text gives days in 1..365 (at most 6, descending) or an error, never a throw", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const r = parseReminderDays(text);
        if (r.ok) {
          expect(r.days.length).toBeLessThanOrEqual(6);
          for (const d of r.days) expect(d >= 1 && d <= 365).toBe(true);
          expect([...r.days].sort((a, b) => b - a)).toEqual(r.days);
        } else expect(r.error.length).toBeGreaterThan(0);
      }),
      FC,
    );
  });

  it("themes: only known keys, once, in taxonomy order; scores clamped to 0..100", () => {
    expect(normaliseThemes(["sport", "cloud", "inventato", "cloud"])).toEqual(["cloud", "sport"]);
    expect(clampScore(120)).toBe(100);
    expect(clampScore(-3)).toBe(0);
    expect(clampScore(Number.NaN)).toBe(50);
  });
});

describe("field-level change alerts", () => {
  const base = emptyContent({ title: "Cloud per i piccoli comuni", issuer: "Regione Lombardia", deadline: rome("2026-03-31"), amountMax: 50000 });

  it("an extended deadline: «Scadenza prorogata dal 31/03/2026 al 30/04/2026»", () => {
    const after = { ...base, deadline: rome("2026-04-30") };
    expect(describeChanges(base, after, changedFields(base, after))).toEqual(["Scadenza prorogata dal 31/03/2026 al 30/04/2026"]);
  });

  it("an earlier deadline, a changed hour, a deadline removed or added", () => {
    const earlier = { ...base, deadline: rome("2026-03-15") };
    expect(describeChanges(base, earlier, ["deadline"])).toEqual(["Scadenza anticipata dal 31/03/2026 al 15/03/2026"]);
    const noon = { ...base, deadline: parseRomeDateTime("2026-03-31T12:00", "end")!.toISOString() };
    expect(describeChanges(base, noon, ["deadline"])).toEqual(["Scadenza anticipata dal 31/03/2026 ore 23:59 al 31/03/2026 ore 12:00"]);
    const noonLater = { ...noon, deadline: parseRomeDateTime("2026-04-10T12:00", "end")!.toISOString() };
    expect(describeChanges(noon, noonLater, ["deadline"])).toEqual(["Scadenza prorogata dal 31/03/2026 al 10/04/2026"]);
    expect(describeChanges(base, { ...base, deadline: null }, ["deadline"])[0]).toMatch(/^Scadenza del 31\/03\/2026 eliminata/);
    expect(describeChanges({ ...base, deadline: null }, base, ["deadline"])[0]).toMatch(/^Scadenza fissata al 31\/03\/2026/);
  });

  it("amounts in euro, most important change first, long text only named", () => {
    const after = { ...base, amountMax: 60000, description: "Nuovo testo molto lungo", deadline: rome("2026-04-30"), title: "Cloud 2026" };
    expect(describeChanges(base, after, changedFields(base, after))).toEqual([
      "Scadenza prorogata dal 31/03/2026 al 30/04/2026",
      "Importo massimo aumentato da € 50.000,00 a € 60.000,00",
      "Titolo: da «Cloud per i piccoli comuni» a «Cloud 2026»",
      "Aggiornato il campo «Descrizione»",
    ]);
    expect(describeChanges(base, { ...base, amountMax: 40000 }, ["amountMax"])).toEqual(["Importo massimo ridotto da € 50.000,00 a € 40.000,00"]);
  });

  it("withdrawals of a published call", () => {
    expect(describeWithdrawal("archiviato")).toMatch(/ritirato/);
    expect(describeWithdrawal("scartato")).toMatch(/ritirato/);
    expect(describeWithdrawal("assorbito")).toMatch(/unito/);
    expect(describeWithdrawal("pubblicato")).toBeNull();
  });
});
