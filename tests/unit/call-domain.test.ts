import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseItalianAmount, readAmount } from "~/domain/amounts";
import { callStatus } from "~/domain/call";
import { changedFields, contentKey, diffContent, emptyContent, formatRomeIso } from "~/domain/call-content";
import { readDate, normaliseRawCall } from "~/domain/call-input";
import { contentToForm, parseCallForm } from "~/domain/call-form";
import { applySourceUpdate, fillMissing } from "~/domain/call-merge";
import { diceSimilarity, findDuplicate, issuersMatch, titleSimilarity } from "~/domain/duplicates";
import { formatEuro } from "~/domain/format";
import { regionCode } from "~/domain/regions";
import { nextSlot, parseSchedule } from "~/domain/schedule";
import { SIZE_CLUSTERS } from "~/domain/clusters";
import { DEFAULT_THEMES } from "~/domain/taxonomy";
import { tagThemes } from "~/domain/theme-tagging";
import { cleanLine, cleanMultiline, repairMojibake } from "~/domain/text-clean";
import { htmlToText } from "~/ingestion/html.server";

const PROPERTY = { numRuns: 1000, seed: 20261123 };

describe("euro amounts from Italian text", () => {
  it.each([
    ["1.234.567,50", 1234567.5],
    ["€ 15.000", 15000],
    ["15.000,-", 15000],
    ["EUR 2.500", 2500],
    ["15375383,50", 15375383.5],
    ["2,5 milioni", 2_500_000],
    ["1,5 mln", 1_500_000],
    ["300 mila euro", 300_000],
    ["fino a € 50.000", 50000],
    ["40000000.0", 40_000_000],
    ["1.5", 1.5],
    ["1,234,567.89", 1234567.89],
  ])("%s → %d", (text, value) => {
    expect(parseItalianAmount(text)).toBe(value);
  });

  it.each(["", "a esaurimento", "da 10.000 a 50.000", "-5.000", "€ 1.2.3,4,5", "€ 50.000 per 4 servizi"])("%s → null", (text) => {
    expect(parseItalianAmount(text)).toBeNull();
  });

  it("rejects negative and non-finite numbers", () => {
    expect(readAmount(-1)).toMatchObject({ ok: false });
    expect(readAmount(Number.NaN)).toMatchObject({ ok: false });
    expect(readAmount(" ")).toEqual({ ok: true, value: null });
  });

  it("property: formatEuro output reads back to the same amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
        expect(parseItalianAmount(formatEuro(cents / 100))).toBe(cents / 100);
      }),
      PROPERTY,
    );
  });

  it("property: any text gives a finite non-negative number or null", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const v = parseItalianAmount(text);
        expect(v === null || (Number.isFinite(v) && v >= 0)).toBe(true);
      }),
      PROPERTY,
    );
  });
});

describe("dates (Europe/Rome, API.md day boundaries)", () => {
  it("reads ISO and Italian dates; a date alone is the start or end of the day in Rome", () => {
    expect(readDate("2026-03-31", "end")?.toISOString()).toBe("2026-03-31T21:59:59.000Z");
    expect(readDate("2026-01-15", "start")?.toISOString()).toBe("2026-01-14T23:00:00.000Z");
    expect(readDate("31/03/2026 12:00", "end")?.toISOString()).toBe("2026-03-31T10:00:00.000Z");
    expect(readDate("2026-04-29T00:00:00.000+0000", "end")?.toISOString()).toBe("2026-04-29T00:00:00.000Z");
    expect(readDate("2026-09-07T00:00:00.000", "start")?.toISOString()).toBe("2026-09-06T22:00:00.000Z");
    expect(readDate("31/02/2026", "end")).toBeNull();
    expect(formatRomeIso("2026-03-31T10:00:00.000Z")).toBe("2026-03-31T12:00:00+02:00");
    expect(formatRomeIso("2026-01-14T23:00:00.000Z")).toBe("2026-01-15T00:00:00+01:00");
  });

  it("derives the status from the dates: no deadline is open (a sportello)", () => {
    const now = new Date("2026-02-01T12:00:00Z");
    expect(callStatus({ opensAt: "2026-03-01T00:00:00Z", deadline: null }, now)).toBe("in-arrivo");
    expect(callStatus({ opensAt: null, deadline: "2026-01-31T22:59:59Z" }, now)).toBe("chiuso");
    expect(callStatus({ opensAt: null, deadline: null }, now)).toBe("aperto");
  });

  it("property: formatRomeIso reads back to the same instant", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 }), (s) => {
        const iso = new Date(s * 1000).toISOString();
        expect(readDate(formatRomeIso(iso), "end")?.toISOString()).toBe(iso);
      }),
      PROPERTY,
    );
  });
});

describe("text cleaning", () => {
  it("repairs double-encoded UTF-8, entities, controls and whitespace", () => {
    expect(repairMojibake("perchÃ© citt\u00c3\u00a0")).toBe("perché città");
    expect(repairMojibake("città")).toBe("città");
    expect(cleanLine("  Bando\u00a0 &amp;  contributi\u0007\n per l&#39;ente ")).toBe("Bando & contributi per l'ente");
    expect(cleanMultiline("riga uno  \r\n\r\n\r\n\r\n  riga due")).toBe("riga uno\n\nriga due");
  });

  it("reduces source HTML to safe text: no tags, no scripts, entities decoded", () => {
    const text = htmlToText('<div onclick="x()"><h2>Titolo</h2><p>Uno &egrave; <a href="javascript:alert(1)">qui</a></p><script>alert(1)</script><style>p{}</style><img src=x onerror=alert(1)></div>');
    expect(text).toBe("Titolo\n\nUno è qui");
  });

  it("property: HTML reduction never leaves a tag or a script", () => {
    const fragment = fc.oneof(fc.string(), fc.constantFrom("<script>alert(1)</script>", "<b>", "</p>", "<img src=x onerror=alert(1)>", "&lt;b&gt;", "<!-- c -->", "<style>x</style>"));
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 8 }), (parts) => {
        const text = htmlToText(parts.join(""));
        expect(text).not.toMatch(/<script|onerror=|<img/i);
      }),
      PROPERTY,
    );
  });
});

describe("automatic theme tagging", () => {
  it("matches keywords as whole words, ignoring accents and case", () => {
    expect(tagThemes({ title: "Contributi per la CARTA D’IDENTITÀ elettronica e PagoPA" }, DEFAULT_THEMES)).toEqual(["pagamenti", "identita-digitale"]);
    expect(tagThemes({ title: "Fondi sufficienti per l'efficienza" }, DEFAULT_THEMES)).toEqual([]);
    expect(tagThemes({ title: "Bando", description: "Migrazione dei servizi al Cloud e cybersecurity" }, DEFAULT_THEMES)).toEqual(["cloud", "sicurezza-informatica"]);
  });

  it("property: tagging is deterministic and only returns taxonomy keys", () => {
    const keys = new Set(DEFAULT_THEMES.map((t) => t.key));
    fc.assert(
      fc.property(fc.string(), fc.string(), (title, description) => {
        const a = tagThemes({ title, description }, DEFAULT_THEMES);
        expect(a).toEqual(tagThemes({ title, description }, DEFAULT_THEMES));
        expect(a.every((k) => keys.has(k))).toBe(true);
      }),
      PROPERTY,
    );
  });
});

describe("duplicate detection", () => {
  const base = { callId: 1, title: "Avviso Misura 1.4.5 Piattaforma Notifiche Digitali Comuni", issuer: "Dipartimento per la trasformazione digitale", deadline: "2026-03-31T21:59:59.000Z", fonti: ["padigitale2026-avvisi"] };

  it("finds the same call from another source: similar title, same issuer, same deadline day", () => {
    const match = findDuplicate({ fonte: "anci", title: "Misura 1.4.5 - Piattaforma notifiche digitali (comuni)", issuer: "Presidenza del Consiglio - Dipartimento per la trasformazione digitale", deadline: "2026-03-31T10:00:00.000Z" }, [base]);
    expect(match).toMatchObject({ callId: 1, reason: expect.stringContaining("stessa scadenza") });
  });

  it("keeps apart another window of the same measure, another issuer, or the same source", () => {
    const incoming = { fonte: "anci", title: base.title, issuer: base.issuer, deadline: "2026-06-30T21:59:59.000Z" };
    expect(findDuplicate(incoming, [base])).toBeNull();
    expect(findDuplicate({ ...incoming, deadline: base.deadline, issuer: "Regione Lombardia" }, [base])).toBeNull();
    expect(findDuplicate({ ...incoming, deadline: base.deadline, fonte: "padigitale2026-avvisi" }, [base])).toBeNull();
    expect(findDuplicate({ ...incoming, deadline: base.deadline, title: "Misura 1.4.4 Adozione identità digitale" }, [base])).toBeNull();
  });

  it("property: similarity is symmetric, within [0, 1], and 1 on equal titles", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const s = titleSimilarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(s).toBeCloseTo(titleSimilarity(b, a), 10);
        expect(diceSimilarity(a, a)).toBe(1);
        expect(issuersMatch(a, b)).toBe(issuersMatch(b, a));
      }),
      PROPERTY,
    );
  });
});

describe("content, diff and merge rules", () => {
  const a = emptyContent({ title: "T", issuer: "E", themes: ["cloud"], amountMax: 100 });

  it("hashes lists in any order alike, and diffs field by field in Italian", () => {
    expect(contentKey({ ...a, themes: ["cloud", "dati"] })).toBe(contentKey({ ...a, themes: ["dati", "cloud"] }));
    const b = { ...a, amountMax: 150, deadline: "2026-03-31T21:59:59.000Z" };
    expect(diffContent(a, b)).toEqual([
      { field: "amountMax", label: "Importo massimo", before: "€ 100,00", after: "€ 150,00" },
      { field: "deadline", label: "Scadenza", before: "nessuna (a sportello)", after: "31/03/2026, 23:59" },
    ]);
  });

  it("size clusters: in SIZE_CLUSTERS order, a change of them is a field of the diff, and no reservation leaves the hash as before", () => {
    expect(contentKey({ ...a, sizeClusters: ["grande", "piccolo"] })).toBe(contentKey({ ...a, sizeClusters: ["piccolo", "grande", "piccolo"] }));
    // Contents without a reservation serialise as they did before the field existed.
    expect(contentKey(a)).not.toContain("sizeClusters");
    const { sizeClusters: _none, ...before } = a;
    expect(contentKey(before as typeof a)).toBe(contentKey(a));
    expect(contentKey({ ...a, sizeClusters: ["piccolo"] })).toContain('"sizeClusters":["piccolo"]');
    expect(diffContent(a, { ...a, sizeClusters: ["medio", "piccolo"] })).toEqual([
      { field: "sizeClusters", label: "Fasce demografiche ammesse", before: "tutte", after: "Piccolo (meno di 5.000 abitanti), Medio (da 5.000 a 15.000 abitanti)" },
    ]);
    // A snapshot written before the field existed reads as "every size".
    expect(changedFields(before as typeof a, a)).toEqual([]);
    expect(fillMissing(a, { ...a, sizeClusters: ["grande"] }, new Set())).toMatchObject({ sizeClusters: ["grande"] });
    expect(fillMissing(a, { ...a, sizeClusters: ["grande"] }, new Set(["sizeClusters"]))).toMatchObject({ sizeClusters: [] });
  });

  it("applies only what the source changed, never locked fields; a new source fills gaps only", () => {
    const current = { ...a, themes: ["dati" as const], beneficiaries: ["comune" as const] };
    const incoming = { ...a, amountMax: 200, themes: ["smart-city" as const] };
    const update = applySourceUpdate(current, a, incoming, new Set(["themes"]));
    expect(update.content).toMatchObject({ amountMax: 200, themes: ["dati"], beneficiaries: ["comune"] });
    expect(update.lockedSkipped).toEqual(["themes"]);
    expect(fillMissing(current, { ...incoming, budget: 5 }, new Set())).toMatchObject({ amountMax: 100, budget: 5, themes: ["dati"] });
    expect(changedFields(current, current)).toEqual([]);
  });
});

describe("validation of raw calls", () => {
  const ok = { idFonte: "1", titolo: "Titolo", ente: "Ente", beneficiari: ["comune"] };
  const check = (raw: object) => normaliseRawCall(raw, { htmlToText });

  it("accepts an empty beneficiary list, rejects unknown keys naming them", () => {
    expect(check({ ...ok, beneficiari: [] })).toMatchObject({ ok: true });
    expect(check({ ...ok, beneficiari: undefined })).toEqual({ ok: false, problem: { field: "beneficiari", reason: "campo obbligatorio mancante" } });
    expect(check({ ...ok, territorio: { regioni: ["Lombardia", "Atlantide"] } })).toEqual({ ok: false, problem: { field: "territorio.regioni", reason: 'regione sconosciuta "Atlantide"' } });
    expect(check({ ...ok, popolazioneMin: 5000, popolazioneMax: 100 })).toMatchObject({ ok: false, problem: { field: "popolazioneMax" } });
    expect(check({ ...ok, apertura: "2026-05-01", scadenza: "2026-04-01" })).toMatchObject({ ok: false, problem: { field: "scadenza" } });
    expect(check({ ...ok, importiPerFascia: [{ popolazioneMin: 0, popolazioneMax: 5000, importo: 1 }, { popolazioneMin: 4000, popolazioneMax: null, importo: 2 }] })).toMatchObject({ ok: false, problem: { field: "importiPerFascia" } });
    expect(check({ ...ok, url: "javascript:alert(1)" })).toMatchObject({ ok: true, item: { content: { url: null }, warnings: [{ field: "url" }] } });
    expect(check({ ...ok, dotazione: "a esaurimento fondi" })).toMatchObject({ ok: true, item: { content: { budget: null }, suggestions: [expect.stringContaining("a esaurimento fondi")] } });
    expect(regionCode("3")).toBe("03");
  });

  it("reads `fasce` in any case and order, and rejects an unknown cluster naming the allowed ones", () => {
    expect(check({ ...ok, fasce: ["Grande", " piccolo ", "piccolo", ""] })).toMatchObject({ ok: true, item: { content: { sizeClusters: ["piccolo", "grande"] } } });
    expect(check(ok)).toMatchObject({ ok: true, item: { content: { sizeClusters: [] } } });
    expect(check({ ...ok, fasce: null })).toMatchObject({ ok: true, item: { content: { sizeClusters: [] } } });
    expect(check({ ...ok, fasce: ["piccolo", "enorme"] })).toEqual({
      ok: false,
      problem: { field: "fasce", reason: 'fascia demografica sconosciuta "enorme": ammesse piccolo, medio, grande' },
    });
    expect(check({ ...ok, fasce: "piccolo" })).toMatchObject({ ok: false, problem: { field: "fasce", reason: "deve essere un elenco" } });
  });
});

describe("schedules", () => {
  it("parses Italian schedules and finds the next slot in Rome time", () => {
    const daily = parseSchedule("ogni giorno alle 06:00");
    expect(daily).toEqual({ ok: true, schedule: { kind: "daily", hour: 6, minute: 0 } });
    const after = new Date("2026-03-28T10:00:00Z"); // Saturday; DST starts on Sunday 29 March
    if (!daily.ok) throw new Error();
    expect(nextSlot(daily.schedule, after).toISOString()).toBe("2026-03-29T04:00:00.000Z");
    const weekly = parseSchedule("ogni lunedì alle 07:30");
    if (!weekly.ok) throw new Error();
    expect(nextSlot(weekly.schedule, after).toISOString()).toBe("2026-03-30T05:30:00.000Z");
    const hourly = parseSchedule("ogni 6 ore");
    if (!hourly.ok) throw new Error();
    expect(nextSlot(hourly.schedule, after).toISOString()).toBe("2026-03-28T12:00:00.000Z");
    expect(parseSchedule("quando capita")).toMatchObject({ ok: false });
    expect(parseSchedule("ogni 1 minuti")).toMatchObject({ ok: false });
  });

  it("property: the next slot is always strictly later, and at most a week away", () => {
    const schedules = ["ogni 30 minuti", "ogni 6 ore", "ogni giorno alle 02:30", "ogni domenica alle 23:59"].map((s) => {
      const r = parseSchedule(s);
      if (!r.ok) throw new Error(s);
      return r.schedule;
    });
    fc.assert(
      fc.property(fc.constantFrom(...schedules), fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }), (schedule, t) => {
        const next = nextSlot(schedule, new Date(t)).getTime();
        expect(next).toBeGreaterThan(t);
        expect(next - t).toBeLessThanOrEqual(7 * 86_400_000 + 3_600_000);
      }),
      PROPERTY,
    );
  });
});

describe("curators' edit form", () => {
  it("reads the size-cluster checkboxes, refuses an unknown value", () => {
    const base = { titolo: "T", ente: "E" };
    expect(parseCallForm({ ...base, fasce: ["grande", "piccolo"] })).toMatchObject({ ok: true, content: { sizeClusters: ["piccolo", "grande"] } });
    expect(parseCallForm(base)).toMatchObject({ ok: true, content: { sizeClusters: [] } });
    expect(parseCallForm({ ...base, fasce: ["piccolo", "enorme"] })).toEqual({ ok: false, errors: { fasce: "Fascia demografica sconosciuta: ammesse piccolo, medio, grande" } });
    expect(contentToForm(emptyContent({ ...{ title: "T", issuer: "E" }, sizeClusters: ["medio"] })).fasce).toEqual(["medio"]);
  });

  it("reports every error at once, in Italian, by field", () => {
    const result = parseCallForm({ titolo: "", ente: "Regione", popolazioneMin: "5000", popolazioneMax: "10", importiPerFascia: "boh", province: "Bergamo", scadenzaData: "2026-02-30", cofinanziamentoPct: "120" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      titolo: "Inserire il titolo",
      popolazioneMax: "La popolazione massima è minore della minima",
      importiPerFascia: expect.stringContaining("riga «boh» non valida"),
      province: expect.stringContaining("«BERGAMO»"),
      cofinanziamentoPct: expect.stringContaining("da 0 a 100"),
    });
  });

  it("property: a content shown in the form and saved unchanged stays the same (minute precision)", () => {
    const minute = fc.option(fc.integer({ min: Date.UTC(2020, 0, 1) / 60000, max: Date.UTC(2035, 0, 1) / 60000 }).map((m) => new Date(m * 60000).toISOString()), { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          title: fc.string({ minLength: 1, maxLength: 50 }).map((s) => s.replace(/\s+/g, " ").trim() || "t"),
          amountMax: fc.option(fc.integer({ min: 0, max: 1e9 }).map((n) => n / 100), { nil: null }),
          populationMax: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
          opensAt: minute,
          deadline: fc.option(fc.constantFrom("2026-03-31T21:59:59.000Z", "2026-12-31T22:59:59.000Z"), { nil: null }),
          themes: fc.uniqueArray(fc.constantFrom(...DEFAULT_THEMES.map((t) => t.key)), { maxLength: 3 }),
          bands: fc.uniqueArray(fc.integer({ min: 1, max: 100_000 }), { maxLength: 3 }),
          clusters: fc.subarray([...SIZE_CLUSTERS]),
        }),
        (r) => {
          const cuts = [...r.bands].sort((a, b) => a - b);
          const content = emptyContent({
            title: cleanLine(r.title) || "t",
            issuer: "Ente",
            amountMax: r.amountMax,
            populationMax: r.populationMax,
            opensAt: r.opensAt && r.deadline && r.opensAt > r.deadline ? null : r.opensAt,
            deadline: r.deadline,
            themes: r.themes,
            amountBands: cuts.map((c, i) => ({ populationMin: i === 0 ? 0 : cuts[i - 1]! + 1, populationMax: i === cuts.length - 1 ? null : c, amount: c })),
            sizeClusters: r.clusters,
          });
          const back = parseCallForm(contentToForm(content));
          expect(back).toEqual({ ok: true, content });
        },
      ),
      PROPERTY,
    );
  });
});
