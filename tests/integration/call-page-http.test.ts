import { describe, expect, it } from "vitest";
import type { CallVersionRow } from "~db/schema";
import { resolveCall } from "~/data/calls.server";
import { publicVersions } from "~/data/call-page.server";
import { runIngest } from "~/ingestion/pipeline.server";
import { makeUser, serverWithDb, sessionCookieFor } from "../setup/accounts";
import { findAll, findOne, parseHtml, textOf } from "../setup/html";

/**
 * The public call page /bandi/{id} as served (issue 6, point 3): the amounts-by-band table, and the
 * versions section, which shows what a source or the redazione changed and never an unreviewed
 * proposal nor a person's name (`publicVersions`).
 */
const CURATOR = { name: "Maria Curatrice", email: "maria.curatrice@anci.example" };

const bando = (importoMax: number) =>
  Buffer.from(
    JSON.stringify({
      fonte: "pagina",
      bandi: [
        {
          idFonte: "fasce",
          titolo: "Contributi per i servizi digitali, per fascia",
          ente: "Regione Lombardia",
          beneficiari: ["comune"],
          temi: ["cloud"],
          importoMax,
          scadenza: "2099-06-30",
          importiPerFascia: [
            { popolazioneMin: 15001, importo: 150000 },
            { popolazioneMax: 4999, importo: 40000 },
            { popolazioneMin: 5000, popolazioneMax: 15000, importo: 80000 },
          ],
        },
      ],
    }),
  );

describe("the call page over HTTP: amounts by band and public versions", () => {
  // No page cache: every GET renders what the database holds now.
  const env = serverWithDb({ env: { PAGE_CACHE_MB: "0" } });

  async function page(path: string) {
    const res = await fetch(env.server.url + path);
    expect(res.status, path).toBe(200);
    return parseHtml(await res.text());
  }

  /** A curator's button on /redazione/bandi/{id}, as a plain form POST. */
  const curate = (id: number, intent: string, cookie: string) =>
    fetch(`${env.server.url}/redazione/bandi/${id}`, {
      method: "POST",
      body: new URLSearchParams({ intent }),
      headers: { Origin: env.server.url, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });

  function versionRows(doc: ReturnType<typeof parseHtml>): string[] {
    const section = findOne(doc, "section", { "aria-labelledby": "versioni" });
    return findAll(findOne(section, "tbody"), "tr").map(textOf);
  }

  it("shows the bands smallest first, and a history without proposals or people's names", async () => {
    await runIngest(env.db, { source: "bando-json", content: bando(150000), input: "v1.json", publish: true });
    const id = resolveCall(env.db, "pagina:fasce")!.id;

    let doc = await page("/bandi/pagina:fasce");
    const bands = findOne(doc, "section", { "aria-labelledby": "importi" });
    expect(textOf(findOne(bands, "h2"))).toBe("Importi per fascia di popolazione");
    expect(textOf(findOne(bands, "caption"))).toBe("Importo richiedibile secondo la popolazione del comune");
    const rows = findAll(findOne(bands, "tbody"), "tr").map((tr) => [textOf(findOne(tr, "th")), textOf(findOne(tr, "td"))]);
    expect(rows).toEqual([
      ["da 0 a 4.999 abitanti", expect.stringMatching(/40\.000,00/)],
      ["da 5.000 a 15.000 abitanti", expect.stringMatching(/80\.000,00/)],
      ["oltre 15.000 abitanti", expect.stringMatching(/150\.000,00/)],
    ]);
    expect(findAll(findOne(bands, "thead"), "th").every((th) => th.attribs.scope === "col")).toBe(true);
    expect(versionRows(doc)).toHaveLength(1);
    expect(versionRows(doc)[0]).toContain("Prima lettura dalla fonte");

    // The source proposes a change: it waits for review and is not public.
    await runIngest(env.db, { source: "bando-json", content: bando(175000), input: "v2.json" });
    doc = await page("/bandi/pagina:fasce");
    expect(versionRows(doc)).toHaveLength(1);
    expect(textOf(doc)).not.toMatch(/175\.000/);

    // A named curator approves it: public as "Redazione", never her name or address.
    const curator = await makeUser(env.db, { role: "redazione", ...CURATOR });
    const cookie = await sessionCookieFor(env.db, curator.id);
    expect((await curate(id, "approve", cookie)).status).toBe(302);
    // The curators' own history names her (so the test would see a leak).
    const staffHtml = await (await fetch(`${env.server.url}/redazione/bandi/${id}`, { headers: { Cookie: cookie } })).text();
    expect(staffHtml).toContain(CURATOR.email);

    const raw = await (await fetch(`${env.server.url}/bandi/pagina:fasce`)).text();
    doc = parseHtml(raw);
    const history = versionRows(doc);
    expect(history).toHaveLength(2);
    expect(history[0]).toContain("Aggiornamento approvato dalla redazione");
    expect(history[0]).toContain("Redazione");
    expect(history[0]).toContain("Importo massimo");
    // Neither in the page nor in the loader data embedded in it.
    expect(raw).not.toContain(CURATOR.name);
    expect(raw).not.toContain(CURATOR.email);
    expect(raw).not.toContain("maria.curatrice");
    expect(textOf(doc)).toMatch(/175\.000/);

    // Another proposal, rejected: neither the proposal nor the rejection is public.
    await runIngest(env.db, { source: "bando-json", content: bando(190000), input: "v3.json" });
    expect((await curate(id, "reject", cookie)).status).toBe(302);
    doc = await page("/bandi/pagina:fasce");
    expect(versionRows(doc)).toHaveLength(2);
    expect(textOf(doc)).not.toMatch(/190\.000/);
  });

  it("publicVersions keeps the public actions only, and the actor's kind instead of the actor", () => {
    const row = (version: number, action: CallVersionRow["action"], actorType: CallVersionRow["actorType"], actor: string): CallVersionRow =>
      ({ id: version, callId: 1, version, at: `2026-03-0${version}T10:00:00.000Z`, actorType, actor, action, changedFields: ["amountMax"] }) as unknown as CallVersionRow;
    const versions = publicVersions([
      row(1, "creato", "fonte", "bando-json"),
      row(2, "proposta", "fonte", "bando-json"),
      row(3, "proposta-sostituita", "fonte", "bando-json"),
      row(4, "respinto", "redazione", `${CURATOR.name} <${CURATOR.email}>`),
      row(5, "approvato", "redazione", `${CURATOR.name} <${CURATOR.email}>`),
      row(6, "scartato", "redazione", CURATOR.email),
      row(7, "modificato", "redazione", CURATOR.email),
    ]);
    expect(versions.map((v) => [v.version, v.action, v.by])).toEqual([
      [1, "creato", "fonte"],
      [5, "approvato", "redazione"],
      [7, "modificato", "redazione"],
    ]);
    const json = JSON.stringify(versions);
    expect(json).not.toContain(CURATOR.email);
    expect(json).not.toContain(CURATOR.name);
    expect(Object.keys(versions[0]!).sort()).toEqual(["action", "at", "by", "fields", "version"]);
  });
});
