import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linkOf, parseRss } from "~/ingestion/adapters/rss";
import { DEFAULT_XML_LIMITS, parseXmlSafely } from "~/ingestion/xml";
import { InputError } from "~/lib/errors";
import { FC_OPTIONS, context, encode, expectDataOrInputError, expectValidSource } from "../../setup/raw-call";

const dir = join(import.meta.dirname, "..", "..", "fixtures", "rss");
const read = (name: string) => readFileSync(join(dir, name));
const DRAFT = "Elemento di un feed: scadenza, importi e beneficiari da inserire dopo la lettura del bando.";

describe("rss adapter, RSS 2.0", () => {
  const result = parseRss(read("feed-rss2.xml"), context("feed.xml"));
  const byIndex = new Map(result.items.map((item) => [item.position.index, item.call]));

  it("turns items into draft calls and keeps the contract", () => {
    expect(result.fonte).toBe("rss");
    expect(result.read).toBe(6);
    expect([...byIndex.keys()]).toEqual([0, 1, 5]);
    expectValidSource(result);
  });

  it("maps an item exactly: dates and amounts in the text are suggestions only", () => {
    expect(byIndex.get(0)).toEqual({
      idFonte: "avviso-2026-014",
      titolo: "Avviso pubblico per la cybersicurezza dei comuni",
      ente: "Ministero di prova — Bandi e avvisi",
      descrizione: "<p>Domande <strong>entro il 31 marzo 2026</strong>, ore 12:00.</p><p>Contributo massimo di 2 milioni di euro; apertura dal 16/03/2026.</p>",
      url: "https://www.example.org/bandi/cybersicurezza-comuni",
      temi: [],
      beneficiari: [],
      suggerimenti: [
        "Possibile scadenza citata nel testo: 31/03/2026 («…rsicurezza dei comuni. Domande entro il 31 marzo 2026, ore 12:00. Contrib…»).",
        "Data citata nel testo: 16/03/2026 («…simo di 2 milioni di euro; apertura dal 16/03/2026. Contributi ai comu…»).",
        "Importo citato nel testo: € 2.000.000,00 («…2026, ore 12:00. Contributo massimo di 2 milioni di euro; apertura dal 16/03…»).",
        "Importo citato nel testo: € 1.500.000,00 («…oni di comuni. Dotazione complessiva di € 1.500.000.»).",
        "Pubblicato nel feed il 10/03/2026.",
        "Possibili beneficiari citati nel testo: comuni, unioni di comuni.",
        DRAFT,
      ],
    });
    const call = byIndex.get(0)!;
    expect(call.scadenza).toBeUndefined();
    expect(call.dotazione).toBeUndefined();
    expect(call.importoMax).toBeUndefined();
  });

  it("uses the link as id when there is no guid, and drops unsafe links", () => {
    expect(byIndex.get(1)).toMatchObject({
      idFonte: "https://www.example.org/bandi/biblioteche-aperte",
      titolo: 'Bando "Biblioteche aperte" 2026',
      descrizione: "<p>Per i comuni sotto i 5.000 abitanti.</p>",
    });
    expect(byIndex.get(1)?.suggerimenti).toContain("Pubblicato nel feed il 01/02/2026.");
    // A population limit in the text is for the curator to read, never a fact of the call.
    expect(byIndex.get(1)?.suggerimenti).toContain(
      'Limite di popolazione citato nel testo: 5.000 abitanti («…eche aperte" 2026. Per i comuni sotto i 5.000 abitanti.»): da riportare nella popolazione minima o massima o nelle fasce demografiche ammesse.',
    );
    expect(byIndex.get(1)).not.toHaveProperty("fasce");
    expect(byIndex.get(1)).not.toHaveProperty("popolazioneMax");
    expect(byIndex.get(5)).toMatchObject({ idFonte: "avviso-2026-019", url: null });
  });

  it("rejects items with index, field and reason", () => {
    expect(result.rejects).toEqual([
      { index: 2, field: "title", reason: "titolo mancante" },
      { index: 3, field: "guid", reason: "elemento senza identificativo (guid/id) né link" },
      { index: 4, field: "guid", reason: 'identificativo "avviso-2026-014" già presente all\'elemento 0' },
    ]);
  });
});

describe("rss adapter, Atom and encodings", () => {
  it("reads Atom entries: html titles, alternate links, id or link as id", () => {
    const result = parseRss(read("feed-atom.xml"), context("feed.atom"));
    expectValidSource(result);
    expect(result.items.map((i) => i.call)).toEqual([
      {
        idFonte: "tag:fondazione.example.org,2026:bando-17",
        titolo: "Bando Comunità resilienti 2026",
        ente: "Fondazione di prova — Opportunità",
        descrizione: "<p>Per enti del terzo settore e comuni: scadenza 15 maggio 2026, budget EUR 250.000.</p>",
        url: "https://fondazione.example.org/bandi/comunita-resilienti",
        temi: [],
        beneficiari: [],
        suggerimenti: [
          "Possibile scadenza citata nel testo: 15/05/2026 («…ti del terzo settore e comuni: scadenza 15 maggio 2026, budget EUR 250.000…»).",
          "Importo citato nel testo: € 250.000,00 («…comuni: scadenza 15 maggio 2026, budget EUR 250.000.»).",
          "Pubblicato nel feed il 01/04/2026.",
          "Possibili beneficiari citati nel testo: comuni, terzo settore.",
          DRAFT,
        ],
      },
      {
        idFonte: "https://fondazione.example.org/news/aggiornamento",
        titolo: "Aggiornamento senza identificativo",
        ente: "Fondazione di prova — Opportunità",
        descrizione: "Nessuna data né importo.",
        url: "https://fondazione.example.org/news/aggiornamento",
        temi: [],
        beneficiari: [],
        suggerimenti: ["Pubblicato nel feed il 20/03/2026.", DRAFT],
      },
    ]);
  });

  it("decodes an ISO-8859-1 feed as declared", () => {
    const call = parseRss(read("feed-latin1.xml"), context("latin1.xml")).items[0]!.call;
    expect(call).toMatchObject({ titolo: "Città e comunità: avviso", ente: "Agenzia regionale è lombarda" });
  });

  it("reads RSS 1.0 (RDF) items", () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
      <channel rdf:about="https://rdf.example.org/"><title>Agenzia RDF</title><link>https://rdf.example.org/</link></channel>
      <item rdf:about="https://rdf.example.org/a"><title>Avviso RDF</title><link>https://rdf.example.org/a</link></item></rdf:RDF>`;
    const result = parseRss(encode(rdf), context("rdf.xml"));
    expect(result.items.map((i) => i.call)).toMatchObject([
      { idFonte: "https://rdf.example.org/a", titolo: "Avviso RDF", ente: "Agenzia RDF", url: "https://rdf.example.org/a" },
    ]);
  });

  it("picks the alternate link of an Atom entry", () => {
    expect(linkOf([{ "@_rel": "enclosure", "@_href": "https://a.example/x.pdf" }, { "@_rel": "alternate", "@_href": "https://a.example/x" }])).toBe("https://a.example/x");
    expect(linkOf([{ "@_rel": "self", "@_href": "https://a.example/feed" }])).toBe("https://a.example/feed");
    expect(linkOf(["javascript:alert(1)"])).toBeNull();
  });

  it("refuses documents that are not feeds", () => {
    expect(() => parseRss(encode("<html><body>no</body></html>"), context("x"))).toThrow("il documento non è un feed RSS 2.0 o Atom");
    expect(() => parseRss(encode('<rss version="2.0"></rss>'), context("x"))).toThrow("feed RSS senza elemento <channel>");
    expect(() => parseRss(encode(""), context("x"))).toThrow(InputError);
  });
});

describe("safe XML reading (SECURITY.md 15)", () => {
  it("fails fast on billion laughs", () => {
    expect(() => parseRss(read("billion-laughs.xml"), context("bl.xml"))).toThrow(InputError);
    expect(() => parseRss(read("billion-laughs.xml"), context("bl.xml"))).toThrow(/richiama altre entità/);
  });

  it("refuses external entities without reading them", () => {
    expect(() => parseRss(read("xxe.xml"), context("xxe.xml"))).toThrow("entità esterne (SYSTEM/PUBLIC) non ammesse");
    const parameter = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p "x">]><rss/>';
    expect(() => parseRss(encode(parameter), context("p.xml"))).toThrow("entità parametriche nel DTD non ammesse");
  });

  it("limits the total expansion of harmless-looking entities (quadratic blowup)", () => {
    const value = "x".repeat(1000);
    const refs = "&big;".repeat(1500);
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "${value}">]><rss version="2.0"><channel><title>t</title><item><title>${refs}</title><guid>g</guid></item></channel></rss>`;
    expect(() => parseRss(encode(xml), context("q.xml"))).toThrow("espansione delle entità oltre il limite consentito: documento rifiutato");
  });

  it("refuses repeated DOCTYPEs, too many or too long entities", () => {
    const two = '<!DOCTYPE a [<!ENTITY x "1">]><!DOCTYPE b [<!ENTITY y "2">]><rss/>';
    expect(() => parseRss(encode(two), context("x"))).toThrow("documento XML con più dichiarazioni DOCTYPE: rifiutato");
    const many = `<!DOCTYPE a [${Array.from({ length: 40 }, (_, i) => `<!ENTITY e${i} "v">`).join("")}]><rss/>`;
    expect(() => parseRss(encode(many), context("x"))).toThrow(/troppe entità dichiarate/);
    const long = `<!DOCTYPE a [<!ENTITY e "${"v".repeat(2000)}">]><rss/>`;
    expect(() => parseRss(encode(long), context("x"))).toThrow(/troppo lunga/);
  });

  it("accepts a harmless internal entity", () => {
    const result = parseRss(read("entities-ok.xml"), context("ok.xml"));
    expect(result.items[0]?.call).toMatchObject({ titolo: "Avviso del Ministero di prova", ente: "Ministero di prova" });
  });

  it("enforces the size and depth limits", () => {
    const big = new Uint8Array(DEFAULT_XML_LIMITS.maxBytes + 1).fill(0x20);
    expect(() => parseRss(big, context("big.xml"))).toThrow(/documento XML troppo grande/);
    expect(() => parseXmlSafely(encode("<rss><channel/></rss>"), { file: "x", limits: { maxBytes: 10 } })).toThrow(InputError);
    const deep = `<rss>${"<a>".repeat(200)}${"</a>".repeat(200)}</rss>`;
    expect(() => parseRss(encode(deep), context("deep.xml"))).toThrow(InputError);
  });

  it("never crashes: arbitrary bytes, XML-ish text and malformed feeds give data or InputError", async () => {
    const fragment = fc.constantFrom(
      "<rss>", "</rss>", '<rss version="2.0">', "<channel>", "</channel>", "<item>", "</item>", "<title>", "</title>",
      "<guid>", "</guid>", "<link>", "</link>", '<link href="https://e.example/x"/>', "<feed>", "</feed>", "<entry>", "</entry>",
      "<id>", "</id>", "<![CDATA[", "]]>", "&amp;", "&bogus;", "&#0;", "&#x110000;", "<!DOCTYPE r [", '<!ENTITY a "&a;">', '<!ENTITY b "x">',
      "]>", "&b;", "<!--", "-->", "<?xml version=\"1.0\"?>", "<__proto__>", "</__proto__>", "<constructor>", "<description>", "</description>",
      "31/03/2026", "€ 1.000", "x",
    );
    const xmlish = fc.array(fc.oneof(fragment, fc.string({ maxLength: 8 })), { maxLength: 40 }).map((parts) => encode(parts.join("")));
    const feedish = fc
      .array(
        fc.record({ title: fc.string({ maxLength: 12 }), guid: fc.oneof(fc.string({ maxLength: 8 }), fc.constant("")), body: fc.string({ maxLength: 30 }) }),
        { maxLength: 5 },
      )
      .map((items) => {
        const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
        const body = items.map((i) => `<item><title>${esc(i.title)}</title><guid>${esc(i.guid)}</guid><description>${esc(i.body)}</description></item>`).join("");
        return encode(`<rss version="2.0"><channel><title>F</title>${body}</channel></rss>`);
      });
    const input = fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 300 }).map(encode), xmlish, feedish);
    await fc.assert(
      fc.asyncProperty(input, (bytes) => expectDataOrInputError(parseRss, bytes)),
      FC_OPTIONS,
    );
  });
});
