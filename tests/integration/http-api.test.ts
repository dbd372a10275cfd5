import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { createUser } from "~/data/users.server";
import { setMaturity } from "~/data/maturity.server";
import { runImport } from "~/jobs/import.server";
import { rematchAll } from "~/jobs/match.server";
import { startServer, type RunningServer } from "../setup/server";

const fixtures = join(import.meta.dirname, "..", "fixtures");

/**
 * Profile data for the live checks, written into the server's own database file. (Not the 1.4.4
 * fixture: its Uggiate con Ronago row adds a merged comune and would change the counts above.)
 */
function loadProfileFixtures(databasePath: string) {
  const db = openDatabase(databasePath);
  const imports: [string, string[]][] = [
    ["programmazione", ["programmazione", "programmazione-comuni.csv"]],
    ["candidature-padigitale", ["padigitale2026", "candidature_finanziate_varie_misure.csv"]],
    ["aggregazioni", ["aggregazioni", "aggregazioni.csv"]],
  ];
  for (const [kind, path] of imports) runImport(db, { kind, content: readFileSync(join(fixtures, ...path)), input: path[1]! });
  const rtd = createUser(db, { email: "rtd@adrara.example", role: "rtd", comuni: ["016001"] });
  setMaturity(db, "016001", [{ key: "sicurezza", state: "in-corso", date: "2026-02-01" }], { role: "rtd", userId: rtd.id });
  // The server runs without its matching worker in tests: the matches are computed here.
  rematchAll(db, { trigger: "test" });
  db.$client.close();
}

/** The read API of API.md, through the production server. */
describe("read API (production build)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    loadProfileFixtures(server.databasePath);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const get = async (path: string) => {
    const res = await fetch(server.url + path);
    return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Record<string, unknown> };
  };

  it("GET /healthz answers ok when the database answers", async () => {
    expect(await get("/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
  });

  it("GET /api/v1/comuni?provincia=BG lists the 243 comuni of Bergamo, 50 per page", async () => {
    const { status, type, body } = await get("/api/v1/comuni?provincia=BG");
    expect(status).toBe(200);
    expect(type).toMatch(/application\/json/);
    expect(body).toMatchObject({ total: 243, page: 1, perPage: 50 });
    const items = body.items as { provincia: string }[];
    expect(items).toHaveLength(50);
    expect(items.every((i) => i.provincia === "BG")).toBe(true);
    expect(items[0]).toEqual({ istat: "016001", nome: "Adrara San Martino", provincia: "BG", popolazione: 2161, fascia: "piccolo" });
  });

  it("filters by cluster and searches names without accents, best match first", async () => {
    const grandi = await get("/api/v1/comuni?fascia=grande&perPage=500");
    expect(grandi.body.total).toBe(107);
    const hoe = await get("/api/v1/comuni?q=santa%20maria%20hoe");
    expect((hoe.body.items as { nome: string }[])[0]?.nome).toBe("Santa Maria Hoè");
    const bergamo = await get("/api/v1/comuni?q=BERGAMO");
    expect((bergamo.body.items as { nome: string }[])[0]?.nome).toBe("Bergamo");
    const page2 = await get("/api/v1/comuni?provincia=bg&page=5&perPage=50");
    expect((page2.body.items as unknown[]).length).toBe(43);
    const empty = await get("/api/v1/comuni?provincia=&fascia=&q=");
    expect(empty.body.total).toBe(1506);
  });

  it("answers bad parameters with 400 in the contract's error shape", async () => {
    for (const query of ["perPage=501", "page=0", "fascia=enorme", "provincia=Bergamo", "page=due"]) {
      const { status, body } = await get(`/api/v1/comuni?${query}`);
      expect(status, query).toBe(400);
      expect(body).toEqual({ errore: { codice: "parametro-non-valido", messaggio: expect.any(String) } });
    }
  });

  it("GET /api/v1/comuni/{istat} returns the comune, 404 when unknown, 400 when malformed", async () => {
    const { status, body } = await get("/api/v1/comuni/016024");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      istat: "016024",
      nome: "Bergamo",
      provincia: "BG",
      regione: "Lombardia",
      popolazione: 115349,
      annoPopolazione: 2011,
      fascia: "grande",
      aggregazioni: [expect.objectContaining({ nome: "Convenzione segreteria Bergamo (esempio)", tipo: "convenzione", capofila: "016024" })],
    });
    expect(await get("/api/v1/comuni/999999")).toMatchObject({ status: 404, body: { errore: { codice: "non-trovato" } } });
    expect(await get("/api/v1/comuni/16024")).toMatchObject({ status: 400, body: { errore: { codice: "parametro-non-valido" } } });
    expect(await get("/api/v1/inesistente")).toMatchObject({ status: 404, body: { errore: { codice: "non-trovato" } } });
  });

  it("GET /api/v1/comuni/{istat} returns programmazione, maturita and finanziamentiOttenuti", async () => {
    const { body } = await get("/api/v1/comuni/016001");
    expect((body.programmazione as unknown[]).length).toBe(2);
    expect(body.programmazione).toContainEqual({
      id: expect.any(Number),
      titolo: "Adesione a SEND per le notifiche delle sanzioni",
      descrizione: null,
      temi: ["notifiche"],
      importo: 23147,
      annoInizio: 2026,
      annoFine: 2026,
      strumento: "DUP",
      stato: "previsto",
    });
    const maturita = body.maturita as { voce: string; stato: string | null; impostatoDa: string | null }[];
    expect(maturita).toHaveLength(12);
    expect(maturita.find((m) => m.voce === "send")).toMatchObject({ stato: "in-corso", impostatoDa: "inferito", data: "2023-01-03" });
    expect(maturita.find((m) => m.voce === "sicurezza")).toMatchObject({ stato: "in-corso", impostatoDa: "rtd", fonte: null });
    expect(maturita.find((m) => m.voce === "cloud")).toMatchObject({ stato: null, impostatoDa: null });
    expect(JSON.stringify(body)).not.toContain("rtd@adrara.example");
    expect(body.finanziamentiOttenuti).toEqual([
      {
        misura: "1.4.5",
        misuraPnrr: "M1C1-1.4.5",
        nomeMisura: "1.4.5 Digitalizzazione degli avvisi pubblici",
        avviso: "1.4.5 'Piattaforma Notifiche Digitali' Comuni (Settembre 2022)",
        finestra: "1",
        importo: 23147,
        stato: "assegnato",
        dataCandidatura: "2022-09-13T13:42:54.000Z",
        dataFinanziamento: "2023-01-03",
        dataStato: "2023-01-03",
        cup: "J41F22003300999",
        fonte: "padigitale2026",
      },
    ]);
    expect(body.fonteFinanziamenti).toBe("Fonte: PA digitale 2026 — Dipartimento per la trasformazione digitale, CC-BY 4.0");
    const confronto = body.confrontoComuniSimili as { misura: string; ambito: string; importoComune: number | null }[];
    expect(confronto.find((c) => c.misura === "1.4.5" && c.ambito === "provincia")).toMatchObject({ importoComune: 23147 });
  });

  it("serves a valid OpenAPI 3.1 description, and real answers match its schemas", async () => {
    const { status, body: doc } = await get("/api/v1/openapi.json");
    expect(status).toBe(200);
    expect(doc.openapi).toBe("3.1.0");
    const { Validator } = await import("@seriousme/openapi-schema-validator");
    const validator = new Validator();
    const result = await validator.validate(doc as Parameters<typeof validator.validate>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths as object)).toEqual(
      expect.arrayContaining(["/api/v1/comuni", "/api/v1/comuni/{istat}", "/api/v1/comuni/{istat}/opportunita", "/healthz", "/api/v1/openapi.json", "/api/v1/bandi", "/api/v1/bandi/{id}", "/api/v1/bandi.csv"]),
    );

    // Each documented schema validates the live answer (JSON Schema 2020-12, as OpenAPI 3.1 uses).
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: "openapi", components: (doc as { components: object }).components });
    const check = async (ref: string, path: string) => {
      const validate = ajv.compile({ $ref: `openapi#/components/schemas/${ref}` });
      const answer = await get(path);
      expect(validate(answer.body), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };
    // The schemas are not vacuous: a wrong shape fails.
    expect(ajv.compile({ $ref: "openapi#/components/schemas/ComuneSintesi" })({ istat: 16024, nome: "X" })).toBe(false);
    await check("ListaComuni", "/api/v1/comuni?provincia=BG");
    await check("ComuneDettaglio", "/api/v1/comuni/016024");
    // Comuni with every profile section filled (programme, maturity set by an RTD and inferred,
    // funding of five measures, aggregations, peers), one with none, and a ceased one.
    await check("ComuneDettaglio", "/api/v1/comuni/016001");
    await check("ComuneDettaglio", "/api/v1/comuni/016002");
    await check("ComuneDettaglio", "/api/v1/comuni/013199");
    await check("ComuneDettaglio", "/api/v1/comuni/097074");
    const detail = ajv.compile({ $ref: "openapi#/components/schemas/ComuneDettaglio" });
    const broken = (await get("/api/v1/comuni/016001")).body;
    expect(detail({ ...broken, maturita: [{ voce: "pagopa", stato: "fatto" }] })).toBe(false);
    expect(detail({ ...broken, finanziamentiOttenuti: [{ misura: "1.4.5", importo: "23147" }] })).toBe(false);
    await check("Errore", "/api/v1/comuni/999999");
    await check("Salute", "/healthz");
    // Calls (the demo set is loaded on first start).
    expect(ajv.compile({ $ref: "openapi#/components/schemas/BandoSintesi" })({ id: "x", titolo: "t", stato: "aperto" })).toBe(false);
    await check("ListaBandi", "/api/v1/bandi");
    await check("ListaBandi", "/api/v1/bandi?q=notifiche&stato=aperto&fascia=piccolo&provincia=BG&perPage=5");
    await check("BandoDettaglio", "/api/v1/bandi/demo:pnrr-145-comuni-2026");
    await check("BandoDettaglio", "/api/v1/bandi/demo:rl-comuni-specifici-ponti");
    await check("Errore", "/api/v1/bandi/demo:inesistente");
    await check("Errore", "/api/v1/bandi?stato=aperti");
    // Opportunities: eligible only, all, a comune in associated form, errors.
    const opportunita = ajv.compile({ $ref: "openapi#/components/schemas/OpportunitaComune" });
    const live = (await get("/api/v1/comuni/016001/opportunita?tutti=1")).body as { items: Record<string, unknown>[] };
    expect(live.items.length).toBeGreaterThan(10);
    expect(opportunita({ ...live, items: [{ ...live.items[0], punteggio: 101 }] })).toBe(false);
    expect(opportunita({ ...live, items: [{ ...live.items[0], componenti: { programmazione: { punti: 1, max: 35 } } }] })).toBe(false);
    await check("OpportunitaComune", "/api/v1/comuni/016024/opportunita");
    await check("OpportunitaComune", "/api/v1/comuni/016024/opportunita?tutti=1");
    await check("OpportunitaComune", "/api/v1/comuni/016001/opportunita?tutti=1");
    await check("OpportunitaComune", "/api/v1/comuni/013199/opportunita");
    await check("Errore", "/api/v1/comuni/016024/opportunita?tutti=x");
    await check("Errore", "/api/v1/comuni/999999/opportunita");
  });

  it("GET /api/v1/bandi.csv serves the published calls as UTF-8 CSV with a header row", async () => {
    const res = await fetch(`${server.url}/api/v1/bandi.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await res.text();
    const [header, ...rows] = text.trim().split("\r\n");
    expect(header).toMatch(/^\ufeff?id,titolo,ente,livelloEnte,stato,temi,/);
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });
});
