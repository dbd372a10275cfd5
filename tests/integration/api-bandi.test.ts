import { beforeAll, describe, expect, it } from "vitest";
import { ensureDemoCalls } from "~db/seed/demo.server";
import { changeReviewState, curatorActor, mergeCalls, resolveCall } from "~/data/calls.server";
import { runIngest } from "~/ingestion/pipeline.server";
import { loader as listLoader } from "~/routes/api.v1.bandi._index";
import { loader as detailLoader } from "~/routes/api.v1.bandi.$id";
import { loader as csvLoader } from "~/routes/api.v1.bandi[.]csv";
import { readCsv } from "~/lib/csv";
import { parseRomeDateTime } from "~/domain/time";
import { createTestDb, useTestDb } from "../setup/db";

type List = { items: { id: string; titolo: string; stato: string; temi: string[]; scadenza: string | null }[]; total: number; page: number; perPage: number };

async function call(loader: (args: never) => Promise<Response>, path: string, params: Record<string, string> = {}) {
  const response = await loader({ request: new Request(`http://localhost${path}`), params, context: {} } as never).catch((e: unknown) => {
    if (e instanceof Response) return e;
    throw e;
  });
  return response;
}
const list = async (qs: string) => (await (await call(listLoader, `/api/v1/bandi?${qs}`)).json()) as List;

describe("read API of calls (API.md)", () => {
  const db = useTestDb(createTestDb());
  const now = new Date();
  beforeAll(async () => {
    ensureDemoCalls(db, now);
    await runIngest(db, {
      source: "bando-json",
      content: Buffer.from(JSON.stringify({ fonte: "bozze", bandi: [{ idFonte: "1", titolo: "Bando non ancora pubblicato sul cloud", ente: "Regione Lombardia", beneficiari: ["comune"] }] })),
      input: "bozze.json",
    });
  });

  it("lists only published calls, 50 per page, with the contract's item shape", async () => {
    const body = await list("");
    expect(body).toMatchObject({ page: 1, perPage: 50 });
    expect(body.total).toBeGreaterThanOrEqual(60);
    expect(body.items).toHaveLength(50);
    expect(Object.keys(body.items[0]!).sort()).toEqual(["apertura", "ente", "id", "importoMax", "scadenza", "stato", "temi", "titolo", "url"].sort());
    expect(body.items.every((i) => i.id.startsWith("demo:"))).toBe(true);
    const page2 = await list("page=2&perPage=50");
    expect(page2.items.length).toBe(body.total - 50);
  });

  it("q is fuzzy and accent-insensitive", async () => {
    const exact = await list("q=identit%C3%A0%20digitale");
    expect(exact.items[0]?.id).toMatch(/^demo:pnrr-144/);
    const noAccentTypo = await list("q=identita%20digitle");
    expect(noAccentTypo.items[0]?.id).toMatch(/^demo:pnrr-144/);
    const upper = await list("q=NOTIFICHE");
    expect(upper.items[0]?.id).toMatch(/^demo:pnrr-145/);
    expect((await list("q=cloud")).items.some((i) => i.id === "bozze:1")).toBe(false);
  });

  it("filters by tema, ente, stato, fascia, provincia and scadenzaEntro", async () => {
    const temi = await list("tema=notifiche");
    expect(temi.total).toBe(2);
    expect((await list("tema=sport,scuole")).items.every((i) => i.temi.includes("sport") || i.temi.includes("scuole"))).toBe(true);
    expect((await list("ente=fondazione%20cariplo")).total).toBe(3);
    for (const stato of ["aperto", "in-arrivo", "chiuso"]) {
      const r = await list(`stato=${stato}&perPage=500`);
      expect(r.total).toBeGreaterThan(0);
      expect(r.items.every((i) => i.stato === stato)).toBe(true);
    }
    const grandi = await list("fascia=grande&perPage=500");
    expect(grandi.items.some((i) => i.id === "demo:rl-piccoli-comuni-cloud")).toBe(false);
    expect(grandi.items.some((i) => i.id === "demo:acn-cyber-2026")).toBe(true);
    const piccoli = await list("fascia=piccolo&perPage=500");
    expect(piccoli.items.some((i) => i.id === "demo:rl-piccoli-comuni-cloud")).toBe(true);
    expect(piccoli.items.some((i) => i.id === "demo:acn-cyber-2026")).toBe(false);
    const cremona = await list("provincia=cr&perPage=500");
    expect(cremona.items.some((i) => i.id === "demo:rl-pianura-energia")).toBe(true);
    expect(cremona.items.some((i) => i.id === "demo:rl-montagna-connettivita")).toBe(false);
    expect(cremona.items.some((i) => i.id === "demo:rl-comuni-specifici-ponti")).toBe(false);
    expect((await list("provincia=SO&perPage=500")).items.some((i) => i.id === "demo:rl-comuni-specifici-ponti")).toBe(true);
    const soon = new Date(now.getTime() + 20 * 86_400_000).toISOString().slice(0, 10);
    const entro = await list(`scadenzaEntro=${soon}&perPage=500`);
    expect(entro.total).toBeGreaterThan(0);
    expect(entro.items.every((i) => i.scadenza !== null && Date.parse(i.scadenza) <= parseRomeDateTime(soon, "end")!.getTime())).toBe(true);
  });

  it("answers bad parameters with 400 in the contract's error shape", async () => {
    for (const qs of ["tema=blockchain", "stato=aperti", "fascia=enorme", "provincia=Bergamo", "scadenzaEntro=31/03/2026", "scadenzaEntro=2026-02-30", "perPage=501", "page=0"]) {
      const res = await call(listLoader, `/api/v1/bandi?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(await res.json()).toEqual({ errore: { codice: "parametro-non-valido", messaggio: expect.any(String) } });
    }
  });

  it("GET /bandi/{id}: the whole call by any alias, 404 for unknown or unpublished", async () => {
    const res = await call(detailLoader, "/api/v1/bandi/demo:pnrr-145-comuni-2026", { id: "demo:pnrr-145-comuni-2026" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: "demo:pnrr-145-comuni-2026",
      ente: "Dipartimento per la trasformazione digitale",
      misuraPnrr: "M1C1-1.4.5",
      beneficiari: ["comune"],
      temi: ["notifiche"],
      importiPerFascia: expect.arrayContaining([{ popolazioneMin: 0, popolazioneMax: 5000, importo: 23147 }]),
      stato: "aperto",
      fonti: [expect.objectContaining({ id: "demo:pnrr-145-comuni-2026", fonte: "demo", idFonte: "pnrr-145-comuni-2026" })],
      versione: 1,
      aggiornatoIl: expect.any(String),
    });
    expect(body.scadenza).toMatch(/T23:59:00\+0[12]:00$/);
    expect((await call(detailLoader, "/x", { id: "bozze:1" })).status).toBe(404);
    expect((await call(detailLoader, "/x", { id: "demo:inesistente" })).status).toBe(404);

    // After a merge, the absorbed call's id still answers, with the survivor.
    const actor = curatorActor({ id: 1, email: "r@example.org" });
    const survivor = resolveCall(db, "demo:mic-biblioteche")!;
    const absorbed = resolveCall(db, "demo:rl-biblioteche")!;
    mergeCalls(db, survivor.id, absorbed.id, actor);
    const merged = (await (await call(detailLoader, "/x", { id: "demo:rl-biblioteche" })).json()) as { id: string; fonti: { id: string }[]; versione: number };
    expect(merged.id).toBe("demo:mic-biblioteche");
    expect(merged.fonti.map((f) => f.id).sort()).toEqual(["demo:mic-biblioteche", "demo:rl-biblioteche"]);
    expect((await list("q=biblioteche")).items.filter((i) => i.id === "demo:rl-biblioteche")).toEqual([]);
    changeReviewState(db, survivor.id, "archive", actor);
    expect((await call(detailLoader, "/x", { id: "demo:rl-biblioteche" })).status).toBe(404);
  });

  it("GET /bandi.csv: UTF-8 open data with a header row and formula-safe cells", async () => {
    await runIngest(db, {
      source: "bando-json",
      content: Buffer.from(JSON.stringify({ fonte: "trappola", bandi: [{ idFonte: "1", titolo: '=HYPERLINK("http://evil.example","clic")', ente: "@Ente", beneficiari: ["comune"] }] })),
      input: "t.json",
      publish: true,
    });
    const res = await call(csvLoader, "/api/v1/bandi.csv");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    const table = readCsv(text, { delimiter: "," });
    expect(table.header.slice(0, 5)).toEqual(["id", "titolo", "ente", "livelloente", "stato"]);
    const evil = table.rows.find((r) => r.cells[0] === "trappola:1")!;
    expect(evil.cells[1]).toBe(`'=HYPERLINK("http://evil.example","clic")`);
    expect(evil.cells[2]).toBe("'@Ente");
    expect(table.rows.every((r) => !/^[=+\-@]/.test(r.cells.join("")))).toBe(true);
    expect(table.rows.some((r) => r.cells[0] === "bozze:1")).toBe(false);
  });
});
