import { describe, expect, it } from "vitest";
import { callRules } from "~/domain/call-rules";
import { emptyContent } from "~/domain/call-content";
import { deadlineCountdown } from "~/domain/countdown";
import { claimableByTheme, deadlineTimeline, fundingVsPeers, keyFigures, whatIsMissing } from "~/domain/dashboard";
import { comuniWithoutOpenMatch, engagement, matchCoverage, openFundingByIssuer, openFundingByTheme, uptake } from "~/domain/overview";

const NOW = new Date("2026-03-01T10:00:00Z");

describe("deadline countdown (Rome calendar days)", () => {
  it.each([
    ["2026-03-01T20:00:00Z", "Scade oggi", "oggi"],
    ["2026-03-02T10:00:00Z", "Scade domani", "urgente"],
    ["2026-03-06T10:00:00Z", "Scade tra 5 giorni", "urgente"],
    ["2026-03-21T10:00:00Z", "Scade tra 20 giorni", "vicino"],
    ["2026-06-01T10:00:00Z", "Scade tra 92 giorni", "lontano"],
  ])("%s → %s", (deadline, text, urgency) => {
    expect(deadlineCountdown({ deadline }, NOW)).toMatchObject({ text, urgency });
  });
  it("past, a sportello, upcoming", () => {
    expect(deadlineCountdown({ deadline: "2026-02-01T11:00:00Z" }, NOW).text).toBe("Scaduto il 01/02/2026, 12:00");
    expect(deadlineCountdown({ deadline: null }, NOW)).toMatchObject({ urgency: "sportello", days: null });
    expect(deadlineCountdown({ deadline: null, opensAt: "2026-03-11T08:00:00Z" }, NOW).text).toBe("Apre tra 10 giorni");
  });
});

describe("eligibility rules in plain Italian", () => {
  it("writes every rule of a restricted call", () => {
    const rules = callRules(
      emptyContent({
        title: "t",
        issuer: "Regione Lombardia",
        beneficiaries: ["unione-di-comuni", "comunita-montana"],
        territory: { regions: ["03"], provinces: ["BG", "BS"], comuni: [] },
        populationMax: 5000,
        amountBands: [{ populationMin: 0, populationMax: 5000, amount: 23147 }, { populationMin: 5001, populationMax: null, amount: 32589 }],
        budget: 1_000_000,
        cofinancingPct: 20,
        opensAt: "2026-01-14T23:00:00.000Z",
        deadline: "2026-03-31T10:00:00.000Z",
        procedure: "graduatoria",
      }),
    );
    const text = Object.fromEntries(rules.map((r) => [r.topic, r.text]));
    expect(text.beneficiari).toBe("Possono presentare domanda: unioni di comuni e comunità montane.");
    expect(text.forma).toBe("I comuni possono partecipare solo in forma associata, tramite unioni di comuni e comunità montane.");
    expect(text.territorio).toBe("Riservato ai soggetti della regione Lombardia, delle province di Bergamo (BG) e Brescia (BS).");
    expect(text.popolazione).toBe("Solo comuni fino a 5.000 abitanti.");
    expect(text.tempi).toBe("Domande dal 15/01/2026, 00:00 al 31/03/2026, 12:00 (ora italiana).");
    expect(text.procedura).toMatch(/^A graduatoria/);
    expect(text.importi).toBe("L'importo dipende dalla popolazione del comune (2 fasce, da € 23.147,00 a € 32.589,00); dotazione complessiva € 1.000.000,00.");
    expect(text.cofinanziamento).toBe("Il comune deve coprire con risorse proprie il 20 % del costo del progetto.");
  });
  it("names the size clusters a call is reserved to, with or without population bounds", () => {
    const topic = (partial: Partial<Parameters<typeof emptyContent>[0]>) =>
      callRules(emptyContent({ title: "t", issuer: "x", beneficiaries: ["comune"], ...partial })).find((r) => r.topic === "popolazione")?.text;
    expect(topic({ sizeClusters: ["piccolo"] })).toBe("Solo comuni di fascia demografica piccola (meno di 5.000 abitanti).");
    expect(topic({ sizeClusters: ["medio", "grande"], populationMax: 50_000 })).toBe(
      "Solo comuni fino a 50.000 abitanti, di fascia demografica media (da 5.000 a 15.000 abitanti) o grande (oltre 15.000 abitanti).",
    );
    // Every cluster ticked is no reservation at all, as for the engine.
    expect(topic({ sizeClusters: ["piccolo", "medio", "grande"] })).toBe("Nessun limite di popolazione.");
  });

  it("an open call without limits and a call not for comuni", () => {
    const open = callRules(emptyContent({ title: "t", issuer: "x", beneficiaries: ["comune"] }));
    expect(open.find((r) => r.topic === "territorio")?.text).toBe("Nessun limite territoriale.");
    expect(open.find((r) => r.topic === "tempi")?.text).toBe("A sportello, fino a esaurimento delle risorse.");
    expect(open.find((r) => r.topic === "forma")).toBeUndefined();
    const other = callRules(emptyContent({ title: "t", issuer: "x", beneficiaries: ["impresa"] }));
    expect(other[0]!.text).toBe("Possono presentare domanda: imprese. I comuni non sono tra i beneficiari.");
    const listed = callRules(emptyContent({ title: "t", issuer: "x", beneficiaries: ["comune"], territory: { regions: [], provinces: [], comuni: ["016024"] } }), { comuneNames: new Map([["016024", "Bergamo"]]) });
    expect(listed.find((r) => r.topic === "territorio")?.text).toBe("Riservato ai soggetti elencati dal bando (1: Bergamo).");
  });
});

describe("dashboard figures and chart data", () => {
  const opps = [
    { title: "A", themes: ["cloud", "dati"], deadline: "2026-03-03T10:00:00Z", claimable: 40_000 },
    { title: "B", themes: ["cloud"], deadline: "2026-04-20T10:00:00Z", claimable: 10_000 },
    { title: "C", themes: ["sport"], deadline: null, claimable: null },
    { title: "D", themes: ["dati"], deadline: "2026-09-01T10:00:00Z", claimable: 5_000 },
  ];
  it("key figures: count, total of stated amounts, nearest deadline", () => {
    expect(keyFigures(opps, NOW)).toEqual({ openMatches: 4, totalClaimable: 55_000, withoutAmount: 1, nearest: { title: "A", deadline: "2026-03-03T10:00:00Z", days: 2 } });
  });
  it("claimable by theme counts a call in each of its themes", () => {
    const { rows, summary } = claimableByTheme(opps);
    expect(rows.map((r) => [r.label, r.importo, r.bandi])).toEqual([
      ["Migrazione al cloud", 50_000, 2],
      ["Dati aperti e valorizzazione dei dati", 45_000, 2],
      ["Sport e impianti sportivi", 0, 1],
    ]);
    expect(summary).toContain("i principali sono Migrazione al cloud (€ 50.000,00)");
  });
  it("the 90-day timeline has 13 weekly buckets and leaves out later and open-ended calls", () => {
    const { rows, summary } = deadlineTimeline(opps, NOW);
    expect(rows).toHaveLength(13);
    expect(rows[0]).toMatchObject({ label: "01/03", bandi: 1, importo: 40_000 });
    expect(rows[7]).toMatchObject({ bandi: 1 });
    expect(rows.reduce((n, r) => n + (r.bandi as number), 0)).toBe(2);
    expect(summary).toBe("2 scadenze nei prossimi 90 giorni; la prima è «A» il 03/03/2026. La settimana più fitta è quella dal 01/03 al 07/03, con 1 scadenza.");
  });
  it("funding against peers names the measures the comune missed", () => {
    const data = fundingVsPeers([
      { measure: "1.4.4", scope: "provincia", peers: 10, peersFunded: 5, medianCents: 1_400_000, ownCents: 1_400_000 },
      { measure: "1.4.4", scope: "regione", peers: 100, peersFunded: 60, medianCents: 1_400_000, ownCents: 1_400_000 },
      { measure: "1.4.5", scope: "regione", peers: 100, peersFunded: 60, medianCents: 2_314_700, ownCents: null },
    ]);
    expect(data.rows[1]).toMatchObject({ comune: 0, provincia: null, regione: 23_147 });
    expect(data.summary).toBe("Il comune ha ottenuto fondi su 1 di 2 misure PNRR. Misure in cui comuni simili hanno ottenuto fondi e il comune no: 1.4.5 Digitalizzazione degli avvisi pubblici.");
  });
  it("'cosa manca': associated form, co-financing and low components, never maturity", () => {
    const missing = whatIsMissing({
      associated: true,
      associatedReason: "Il bando è rivolto solo a unioni di comuni: …",
      cofinancingPct: 20,
      components: [
        { key: "programmazione", label: "P", punti: 5, max: 35 },
        { key: "maturita", label: "M", punti: 0, max: 15 },
        { key: "tempi", label: "T", punti: 15, max: 15 },
      ],
    });
    expect(missing).toHaveLength(3);
    expect(missing[0]).toMatch(/^Il bando è rivolto solo a unioni/);
    expect(missing[1]).toBe("Serve un cofinanziamento del 20 % del progetto con risorse del comune.");
    expect(missing[2]).toMatch(/programmazione.*\(5 su 35 punti\)$/);
  });
});

describe("regional overview aggregations", () => {
  const comuni = [
    { istat: "016001", sizeCluster: "piccolo" as const, provinceSigla: "BG" },
    { istat: "016002", sizeCluster: "piccolo" as const, provinceSigla: "BG" },
    { istat: "015146", sizeCluster: "grande" as const, provinceSigla: "MI" },
  ];
  it("open funding by theme counts only open calls", () => {
    const rows = openFundingByTheme([
      { themes: ["cloud"], issuerLevel: "regionale", budget: 100, status: "aperto" },
      { themes: ["cloud", "dati"], issuerLevel: "ue", budget: null, status: "aperto" },
      { themes: ["cloud"], issuerLevel: "ue", budget: 1_000, status: "chiuso" },
    ]);
    expect(rows).toEqual([
      { label: "Migrazione al cloud", dotazione: 100, bandi: 2 },
      { label: "Dati aperti e valorizzazione dei dati", dotazione: 0, bandi: 1 },
    ]);
  });
  it("open funding by issuer level: open calls only, budget summed, unknown level named", () => {
    const rows = openFundingByIssuer([
      { themes: ["cloud"], issuerLevel: "regionale", budget: 100, status: "aperto" },
      { themes: ["dati"], issuerLevel: "regionale", budget: null, status: "aperto" },
      { themes: ["cloud"], issuerLevel: "ue", budget: 5_000, status: "chiuso" },
      { themes: ["cloud"], issuerLevel: "ue", budget: 300, status: "aperto" },
      { themes: ["cloud"], issuerLevel: null, budget: null, status: "aperto" },
    ]);
    expect(rows).toEqual([
      { label: "Unione europea", dotazione: 300, bandi: 1 },
      { label: "Regionale", dotazione: 100, bandi: 2 },
      { label: "Non indicato", dotazione: 0, bandi: 1 },
    ]);
  });
  it("match coverage by province: matches, claimable and comuni covered or not", () => {
    const perComune = new Map([
      ["016001", { matches: 3, claimable: 50_000 }],
      ["015146", { matches: 1, claimable: 200_000 }],
    ]);
    const rows = matchCoverage(comuni, perComune, "province");
    expect(rows.find((r) => String(r.label).endsWith("(BG)"))).toMatchObject({ comuni: 2, abbinamenti: 3, coperti: 1, senza: 1, importo: 50_000 });
    expect(rows.find((r) => String(r.label).endsWith("(MI)"))).toMatchObject({ comuni: 1, abbinamenti: 1, coperti: 1, senza: 0, importo: 200_000 });
    expect(rows.find((r) => String(r.label).endsWith("(CO)"))).toMatchObject({ comuni: 0, abbinamenti: 0, importo: 0 });
  });
  it("comuni without an open match: all of them, most populous first, then by name", () => {
    const names = new Map([
      ["016001", { name: "Adrara San Martino", population: 2_200 }],
      ["016002", { name: "Adrara San Rocco", population: 800 }],
      ["015146", { name: "Milano", population: 1_370_000 }],
    ]);
    const more = [...comuni, { istat: "016003", sizeCluster: "piccolo" as const, provinceSigla: "BG" }];
    names.set("016003", { name: "Albano Sant'Alessandro", population: 800 });
    const list = comuniWithoutOpenMatch(more, new Map([["016001", { matches: 2 }], ["016009", { matches: 1 }]]), names);
    expect(list.map((c) => c.istat)).toEqual(["015146", "016002", "016003"]);
    expect(list[0]).toEqual({ istat: "015146", sizeCluster: "grande", provinceSigla: "MI", name: "Milano", population: 1_370_000 });
    expect(comuniWithoutOpenMatch(more, new Map([["016001", { matches: 0 }]]), names)).toHaveLength(4);
  });
  it("uptake by cluster: funded share and amount", () => {
    const rows = uptake(comuni, new Map([["016001", 2_314_700]]), "cluster");
    expect(rows[0]).toMatchObject({ comuni: 2, finanziati: 1, quota: 50, importo: 23_147 });
    expect(rows[2]).toMatchObject({ comuni: 1, finanziati: 0, quota: 0 });
  });
  it("engagement: active accounts and distinct administrations", () => {
    const e = engagement(
      [
        { role: "rtd", active: true, comuni: ["016001", "016002"] },
        { role: "rtd", active: true, comuni: ["016001"] },
        { role: "rtd", active: false, comuni: ["015146"] },
        { role: "redazione", active: true, comuni: [] },
      ],
      comuni,
    );
    expect(e.users).toBe(3);
    expect(e.administrations).toBe(3);
    expect(e.rtdCoverage[0]).toMatchObject({ comuni: 2, conRtd: 2, quota: 100 });
    expect(e.rtdCoverage[2]).toMatchObject({ conRtd: 0 });
  });
});

describe("Rome wall clock with the per-hour offset cache", () => {
  it("agrees with Intl at every quarter hour across both 2026 DST changes and at random instants (fixed seed)", async () => {
    const { romeWallClock } = await import("~/domain/time");
    const format = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Rome", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    const viaIntl = (d: Date) => {
      const p = Object.fromEntries(format.formatToParts(d).filter((x) => x.type !== "literal").map((x) => [x.type, Number(x.value)]));
      return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
    };
    const instants: Date[] = [];
    for (const start of [Date.UTC(2026, 2, 28, 20), Date.UTC(2026, 9, 24, 20)]) for (let t = start; t < start + 12 * 3_600_000; t += 900_000) instants.push(new Date(t + 1234));
    let x = 20261123;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      instants.push(new Date(Date.UTC(1950, 0, 1) + (x / 2 ** 31) * 120 * 365 * 86_400_000));
    }
    for (const d of instants) expect(romeWallClock(d), d.toISOString()).toEqual(viaIntl(d));
  });
});
