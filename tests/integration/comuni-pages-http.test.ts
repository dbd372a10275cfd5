import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { runImport } from "~/jobs/import.server";
import { findAll, findOne, parseHtml, tableRows, textOf, type HtmlElement } from "../setup/html";
import { startServer, type RunningServer } from "../setup/server";

const fixtures = join(import.meta.dirname, "..", "fixtures", "padigitale2026");

/**
 * The public comuni pages through the production server: the `/comuni` list with its province
 * and cluster filters and pagination (issue 2.4), and the peer comparison of the comune page
 * (issue 4.5), read as a visitor reads them.
 */
describe("comuni pages over HTTP (production build)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function page(path: string) {
    const res = await fetch(server.url + path);
    expect(res.status, path).toBe(200);
    return parseHtml(await res.text());
  }
  const status = (doc: ReturnType<typeof parseHtml>) => textOf(findOne(doc, "p", { role: "status" }));
  /** Body rows of the list: [name, province, population, cluster]. */
  const listRows = (doc: ReturnType<typeof parseHtml>) => tableRows(findOne(doc, "tbody"));
  /** The pagination links: visible label → href (entities decoded). */
  function pagination(doc: ReturnType<typeof parseHtml>): Map<string, string> {
    const nav = findOne(doc, "nav", { "aria-label": "Paginazione dei risultati" });
    return new Map(findAll(nav, "a").map((a) => [textOf(a), a.attribs.href ?? ""]));
  }

  describe("/comuni", () => {
    it("lists the 1,506 comuni 25 per page, counted in Italian format", async () => {
      const doc = await page("/comuni");
      expect(status(doc)).toBe("1.506 comuni trovati.");
      const rows = listRows(doc);
      expect(rows).toHaveLength(25);
      expect(rows[0]).toEqual(["Abbadia Cerreto", "LO", "297", "piccolo"]);
      expect(rows[1]).toEqual(["Abbadia Lariana", "LC", "3.249", "piccolo"]);
      const links = pagination(doc);
      expect(links.get("Pagina 2")).toBe("/comuni?page=2");
      expect(links.get("Pagina 61")).toBe("/comuni?page=61");
      expect(links.get("Successiva")).toBe("/comuni?page=2");
    });

    it("filters by province: 243 comuni of Bergamo, every row BG, the select keeps the choice", async () => {
      const doc = await page("/comuni?provincia=BG");
      expect(status(doc)).toBe("243 comuni trovati.");
      const rows = listRows(doc);
      expect(rows).toHaveLength(25);
      expect(rows.every((r) => r[1] === "BG")).toBe(true);
      expect(rows[0]).toEqual(["Adrara San Martino", "BG", "2.161", "piccolo"]);
      const selected = findAll(findOne(doc, "select", { name: "provincia" }), "option").filter((o) => o.attribs.selected !== undefined);
      expect(selected.map(textOf)).toEqual(["Bergamo (BG)"]);
      const links = pagination(doc);
      expect(links.get("Pagina 10")).toBe("/comuni?provincia=BG&page=10");
      // Lower-case sigla accepted as the same province.
      expect(status(await page("/comuni?provincia=bg"))).toBe("243 comuni trovati.");
    });

    it("filters by cluster, alone and with the province", async () => {
      expect(status(await page("/comuni?fascia=grande"))).toBe("107 comuni trovati.");
      expect(status(await page("/comuni?fascia=medio"))).toBe("357 comuni trovati.");
      const grandiBg = await page("/comuni?provincia=BG&fascia=grande");
      expect(status(grandiBg)).toBe("7 comuni trovati.");
      const rows = listRows(grandiBg);
      expect(rows.map((r) => r[0])).toContain("Bergamo");
      expect(rows.find((r) => r[0] === "Bergamo")).toEqual(["Bergamo", "BG", "115.349", "grande"]);
      expect(rows.every((r) => r[1] === "BG" && r[3] === "grande")).toBe(true);
      // One page only: no pagination.
      expect(findAll(grandiBg, "nav", { "aria-label": "Paginazione dei risultati" })).toHaveLength(0);
      const selected = findAll(findOne(grandiBg, "select", { name: "fascia" }), "option").filter((o) => o.attribs.selected !== undefined);
      expect(selected.map((o) => o.attribs.value)).toEqual(["grande"]);
    });

    it("pages through a filtered list with links that keep the filters", async () => {
      const first = await page("/comuni?provincia=BG&fascia=medio");
      expect(status(first)).toBe("68 comuni trovati.");
      expect(pagination(first).get("Pagina 3")).toBe("/comuni?provincia=BG&fascia=medio&page=3");

      const second = await page("/comuni?provincia=BG&fascia=medio&page=2");
      expect(status(second)).toBe("68 comuni trovati.");
      const rows = listRows(second);
      expect(rows).toHaveLength(25);
      expect(rows[0]).toEqual(["Cologno al Serio", "BG", "10.596", "medio"]);
      expect(rows.at(-1)).toEqual(["San Paolo d'Argon", "BG", "5.386", "medio"]);
      expect(rows.every((r) => r[1] === "BG" && r[3] === "medio")).toBe(true);
      const links = pagination(second);
      expect(links.get("Precedente")).toBe("/comuni?provincia=BG&fascia=medio");
      expect(links.get("Pagina 1")).toBe("/comuni?provincia=BG&fascia=medio");
      expect(links.get("Successiva")).toBe("/comuni?provincia=BG&fascia=medio&page=3");
      const current = findOne(findOne(second, "nav", { "aria-label": "Paginazione dei risultati" }), "span", { "aria-current": "page" });
      expect(textOf(current)).toBe("Pagina 2");

      const last = await page("/comuni?provincia=BG&fascia=medio&page=3");
      expect(listRows(last)).toHaveLength(18);
      expect(pagination(last).has("Successiva")).toBe(false);
    });

    it("ignores unknown filter values instead of failing", async () => {
      expect(status(await page("/comuni?provincia=XX&fascia=enorme&page=zero"))).toBe("1.506 comuni trovati.");
      expect(status(await page("/comuni?provincia=BG&q=zzzz"))).toBe("Nessun comune trovato.");
    });
  });

  describe("peer comparison on the comune page", () => {
    // After the list tests: the funding files place Uggiate con Ronago through its 2024 merger,
    // which adds it (medio) and suppresses Uggiate-Trevano and Ronago (piccoli).
    beforeAll(() => {
      const db = openDatabase(server.databasePath);
      const header = readFileSync(join(fixtures, "candidature_finanziate_varie_misure.csv"), "utf8").split("\n")[0];
      // A second small comune of Bergamo funded for 1.4.5 (invented, in the real format), so that one measure has two peers.
      const algua = `${header}\nc_a170,Comune di Algua,Comuni,Algua,016248,BG,016,Lombardia,03,23147.0,1.4.5 'Piattaforma Notifiche Digitali' Comuni (Settembre 2022),2022-09-14T10:00:00.000+0000,2023-01-03,J41F22003310999,1,131,Decreto n.131 - 1 / 2022 - PNRR,E,2024-04-05,1.4.5 Digitalizzazione degli avvisi pubblici\n`;
      const files: [string, Buffer][] = [
        ...["candidature_finanziate_144_estratto.csv", "candidature_finanziate_varie_misure.csv"].map((f): [string, Buffer] => [f, readFileSync(join(fixtures, f))]),
        ["algua.csv", Buffer.from(algua)],
      ];
      for (const [input, content] of files) {
        const summary = runImport(db, { kind: "candidature-padigitale", content, input });
        expect(summary.status, summary.error).toBe("completato");
      }
      db.$client.close();
    });
    const section = async (istat: string) => findOne(await page(`/comuni/${istat}`), "section", { "aria-labelledby": "confronto" });
    /** Table rows keyed by measure code: [the comune, province peers, region peers]. */
    const byMeasure = (peers: HtmlElement) => new Map(tableRows(peers).slice(1).map((r) => [r[0]!.split(" ")[0]!, r.slice(1)]));

    it("tells a small comune where its provincial peers obtained funds and it did not", async () => {
      // Adrara San Rocco (BG, piccolo): renounced 1.4.4, which Adrara San Martino obtained; no 1.4.5, which San Martino and Algua obtained.
      const peers = await section("016002");
      expect(textOf(findOne(peers, "h2"))).toBe("Confronto con comuni simili");
      expect(textOf(peers)).toContain(
        "quanti altri comuni piccoli della provincia di Bergamo e dell'intera regione (Lombardia) hanno ottenuto fondi",
      );
      expect(textOf(findOne(peers, "div", { class: "callout-title" }))).toBe("Opportunità non colte");
      expect(findAll(findOne(peers, "ul"), "li").map(textOf)).toEqual([
        "1.4.4 Adozione identità digitale: 1 altro comune piccolo della provincia di Bergamo (su 167) ha ottenuto € 14.000,00; il tuo comune no (ha rinunciato ai fondi assegnati).",
        "1.4.5 Digitalizzazione degli avvisi pubblici: 2 altri comuni piccoli della provincia di Bergamo (su 167) hanno ottenuto in mediana € 23.147,00; il tuo comune no.",
      ]);
      const rows = tableRows(peers);
      expect(rows[0]).toEqual(["Misura", "Il comune", "Altri comuni piccoli della provincia", "Altri comuni piccoli della regione"]);
      const measures = byMeasure(peers);
      expect([...measures.keys()]).toEqual(["1.2", "1.3.1", "1.4.1", "1.4.3", "1.4.4", "1.4.5"]);
      expect(measures.get("1.3.1")).toEqual(["€ 4.326,40", "0 su 167 (0 %)", "0 su 1.039 (0 %)"]);
      expect(measures.get("1.4.3")).toEqual(["€ 7.700,00", "0 su 167 (0 %)", "0 su 1.039 (0 %)"]);
      expect(measures.get("1.4.4")).toEqual(["Rinunciato", "1 su 167 (1 %) mediana € 14.000,00", "1 su 1.039 (0 %) mediana € 14.000,00"]);
      expect(measures.get("1.4.5")).toEqual(["Nessun fondo", "2 su 167 (1 %) mediana € 23.147,00", "2 su 1.039 (0 %) mediana € 23.147,00"]);
    });

    it("falls back to the region when no comune of the province obtained the measure", async () => {
      // Albaredo per San Marco (SO, piccolo): no funded peer in Sondrio, so every sentence names the region.
      const peers = await section("014001");
      const missed = findAll(findOne(peers, "ul"), "li").map(textOf);
      expect(missed).toHaveLength(6);
      expect(missed).toContain(
        "1.4.3 Adozione PagoPA e AppIO: 1 altro comune piccolo della regione (Lombardia) (su 1.039) ha ottenuto € 7.700,00; il tuo comune no.",
      );
      expect(missed).toContain(
        "1.4.5 Digitalizzazione degli avvisi pubblici: 2 altri comuni piccoli della regione (Lombardia) (su 1.039) hanno ottenuto in mediana € 23.147,00; il tuo comune no.",
      );
      expect(byMeasure(peers).get("1.4.5")).toEqual(["Nessun fondo", "0 su 70 (0 %)", "2 su 1.039 (0 %) mediana € 23.147,00"]);
    });

    it("shows a funded comune its own amounts and no missed opportunity where no peer was funded", async () => {
      // Bergamo (grande): 1.4.4 SPID CIE paid + ANPR ANSC assigned, 1.4.5 paid; the other six grandi of BG nothing.
      const peers = await section("016024");
      expect(textOf(peers)).not.toContain("Opportunità non colte");
      expect(textOf(peers)).not.toContain("il tuo comune no");
      const measures = byMeasure(peers);
      expect(measures.get("1.4.4")).toEqual(["€ 30.274,80", "0 su 6 (0 %)", "0 su 106 (0 %)"]);
      expect(measures.get("1.4.5")).toEqual(["€ 59.966,00", "0 su 6 (0 %)", "0 su 106 (0 %)"]);
      expect(measures.get("1.2")?.[0]).toBe("Nessun fondo");
    });
  });
});
