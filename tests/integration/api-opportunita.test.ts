import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { callStatus } from "~/domain/call";
import { type ApiOpportunity, COMPONENT_KEYS } from "~/domain/matching";
import { publishedCallRows, resolveCall } from "~/data/calls.server";
import { dismissCall } from "~/data/dismissals.server";
import { storedMatchesOfComune } from "~/data/matches.server";
import { processPendingMatches, rematchAll } from "~/jobs/match.server";
import { runImport } from "~/jobs/import.server";
import { loader } from "~/routes/api.v1.comuni.$istat.opportunita";
import { createTestDb, useTestDb } from "../setup/db";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const file = (...parts: string[]) => readFileSync(join(fixtures, ...parts));

type Item = ApiOpportunity;
interface Answer {
  comune: { istat: string; nome: string; fascia: string };
  items: Item[];
}

async function get(istat: string, query = ""): Promise<{ status: number; body: unknown }> {
  const response = await loader({ request: new Request(`http://localhost/api/v1/comuni/${istat}/opportunita${query}`), params: { istat }, context: {} } as never).catch(
    (e: unknown) => {
      if (e instanceof Response) return e;
      throw e;
    },
  );
  return { status: response.status, body: await response.json() };
}

async function answer(istat: string, query = ""): Promise<Answer> {
  const { status, body } = await get(istat, query);
  expect(status, `${istat}${query}`).toBe(200);
  return body as Answer;
}

describe("GET /api/v1/comuni/{istat}/opportunita (API.md)", () => {
  const db = useTestDb(createTestDb({ seedComuni: true, demo: true }));
  const now = new Date();
  const statusOf = new Map<string, string>();
  beforeAll(() => {
    runImport(db, { kind: "programmazione", content: file("programmazione", "programmazione-comuni.csv"), input: "p.csv" });
    runImport(db, { kind: "candidature-padigitale", content: file("padigitale2026", "candidature_finanziate_varie_misure.csv"), input: "b.csv" });
    runImport(db, { kind: "aggregazioni", content: file("aggregazioni", "aggregazioni.csv"), input: "g.csv" });
    rematchAll(db, { now });
    for (const row of publishedCallRows(db)) statusOf.set(row.publicId, callStatus(row, new Date()));
  });

  it("answers in the contract's shape: open calls only, eligible only, highest punteggio first", async () => {
    for (const istat of ["016024", "016001", "015146", "017029"]) {
      const body = await answer(istat);
      expect(Object.keys(body).sort()).toEqual(["comune", "items"]);
      expect(Object.keys(body.comune).sort()).toEqual(["fascia", "istat", "nome"]);
      expect(body.comune.istat).toBe(istat);
      expect(body.items.length, istat).toBeGreaterThan(10);
      for (const item of body.items) {
        expect(Object.keys(item).sort()).toEqual(["bando", "componenti", "formaAssociata", "idoneo", "importoRichiedibile", "motivazioni", "punteggio"]);
        expect(Object.keys(item.bando).sort()).toEqual(["ente", "id", "scadenza", "titolo", "url"]);
        expect(item.idoneo).toBe(true);
        expect(statusOf.get(item.bando.id), item.bando.id).toBe("aperto");
        expect(Number.isInteger(item.punteggio) && item.punteggio >= 0 && item.punteggio <= 100).toBe(true);
        expect(Object.keys(item.componenti)).toEqual([...COMPONENT_KEYS]);
        expect(Object.values(item.componenti).reduce((n, c) => n + c.punti, 0)).toBe(item.punteggio);
        expect(Object.values(item.componenti).every((c) => c.punti >= 0 && c.punti <= c.max)).toBe(true);
        expect(item.motivazioni.length).toBeGreaterThan(2);
        if (item.bando.scadenza) expect(item.bando.scadenza).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      }
      const scores = body.items.map((i) => i.punteggio);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it("serves the stored numbers, explained; upcoming calls are stored but not listed", async () => {
    const body = await answer("016001");
    const stored = new Map(storedMatchesOfComune(db, "016001").map((m) => [m.callId, m]));
    for (const item of body.items) {
      const match = stored.get(resolveCall(db, item.bando.id)!.id)!;
      expect(item.punteggio).toBe(match.score);
      expect(Object.fromEntries(Object.entries(item.componenti).map(([k, c]) => [k, c.punti]))).toEqual(match.components);
      expect(item.importoRichiedibile).toBe(match.claimable);
      expect(item.formaAssociata).toBe(match.associated);
    }
    const upcoming = resolveCall(db, "demo:pnrr-145-comuni-2026-b")!.id;
    expect(stored.has(upcoming)).toBe(true);
    expect(body.items.some((i) => i.bando.id === "demo:pnrr-145-comuni-2026-b")).toBe(false);

    // Adrara San Martino (2,161 residents) plans SEND in its DUP: the 1.4.5 call says so, with its band.
    const send = body.items.find((i) => i.bando.id === "demo:pnrr-145-comuni-2026")!;
    expect(send.importoRichiedibile).toBe(23147);
    expect(send.motivazioni.join(" ")).toMatch(/In linea con la voce «Adesione a SEND per le notifiche delle sanzioni» del DUP/);
    expect(send.componenti.programmazione.punti).toBe(send.componenti.programmazione.max);
  });

  it("says when a comune may apply only in associated form, and through which aggregation", async () => {
    const body = await answer("016001");
    const unioni = body.items.find((i) => i.bando.id === "demo:rl-unioni-servizi-associati")!;
    expect(unioni).toMatchObject({ idoneo: true, formaAssociata: true, importoRichiedibile: 100000 });
    expect(unioni.motivazioni[0]).toMatch(/forma associata tramite «Unione dei comuni della Valle Imagna \(esempio\)»/);
  });

  it("tutti=1 adds the other open calls, after the eligible ones, with punteggio 0 and why not", async () => {
    const eligible = await answer("016024");
    const all = await answer("016024", "?tutti=1");
    expect(all.items.length).toBeGreaterThan(eligible.items.length);
    const idoneo = all.items.filter((i) => i.idoneo);
    expect(idoneo).toEqual(eligible.items);
    const others = all.items.slice(idoneo.length);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((i) => !i.idoneo && !i.formaAssociata && i.punteggio === 0)).toBe(true);
    expect(others.every((i) => statusOf.get(i.bando.id) === "aperto")).toBe(true);
    const small = others.find((i) => i.bando.id === "demo:rl-piccoli-comuni-cloud")!;
    expect(small.motivazioni[0]).toBe("Il bando è riservato ai comuni fino a 5.000 abitanti; il comune ne ha 115.349.");
    expect(Object.values(small.componenti).every((c) => c.punti === 0)).toBe(true);
    for (const item of others) expect(item.motivazioni.length, item.bando.id).toBeGreaterThan(0);
    // Calls only for other bodies are explained too, never listed as eligible.
    const scuole = others.find((i) => i.bando.id === "demo:pnrr-141-scuole");
    if (statusOf.get("demo:pnrr-141-scuole") === "aperto") expect(scuole?.motivazioni[0]).toMatch(/i comuni non sono tra i beneficiari/);

    // A call reserved to four comuni: listed for Bergamo, explained for Milano.
    expect(eligible.items.some((i) => i.bando.id === "demo:rl-comuni-specifici-ponti")).toBe(true);
    const milano = await answer("015146", "?tutti=1");
    const ponti = milano.items.find((i) => i.bando.id === "demo:rl-comuni-specifici-ponti")!;
    expect(ponti).toMatchObject({ idoneo: false, punteggio: 0 });
    expect(ponti.motivazioni[0]).toMatch(/non è tra i comuni elencati dal bando/);
    expect((await answer("015146")).items.some((i) => i.bando.id === "demo:rl-comuni-specifici-ponti")).toBe(false);
  });

  it("shows a dismissal once the comune is re-matched: lower score, and the reason", async () => {
    const before = (await answer("016024")).items.find((i) => i.bando.id === "demo:pnrr-145-comuni-2026")!;
    dismissCall(db, { istat: "016024", callId: resolveCall(db, "demo:pnrr-145-comuni-2026")!.id, reason: "gia-realizzato", note: null, userId: null });
    processPendingMatches(db, { now });
    const after = (await answer("016024")).items.find((i) => i.bando.id === "demo:pnrr-145-comuni-2026")!;
    expect(after.punteggio).toBeLessThan(before.punteggio);
    expect(after.componenti.segnalazioni.punti).toBe(0);
    expect(after.motivazioni).toContain("Segnalato dal comune come non pertinente (intervento già realizzato o già finanziato).");
    expect(before.motivazioni.join(" ")).not.toMatch(/Segnalato dal comune/);
  });

  it("answers 400 and 404 in the contract's error shape", async () => {
    for (const [istat, query, status, codice] of [
      ["016024", "?tutti=2", 400, "parametro-non-valido"],
      ["016024", "?tutti=si", 400, "parametro-non-valido"],
      ["16024", "", 400, "parametro-non-valido"],
      ["999999", "", 404, "non-trovato"],
    ] as const) {
      const { status: got, body } = await get(istat, query);
      expect(got, `${istat}${query}`).toBe(status);
      expect(body).toEqual({ errore: { codice, messaggio: expect.any(String) } });
    }
    expect((await get("016024", "?tutti=0")).status).toBe(200);
  });
});
