import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDb, type Db } from "~db/client.server";
import { comuni } from "~db/schema";
import { createSession } from "~/auth/session.server";
import { callDetailJson } from "~/api/bandi-json.server";
import { approvePending, callFromRow, getCall, resolveCall, rowContent, sourcesOf, updateCallContent, versionsOf } from "~/data/calls.server";
import { searchCatalogue } from "~/data/calls-search.server";
import { storedMatchesOfCall } from "~/data/matches.server";
import { createUser } from "~/data/users.server";
import { diffContent } from "~/domain/call-content";
import { contentToForm } from "~/domain/call-form";
import type { SizeCluster } from "~/domain/clusters";
import { runIngest } from "~/ingestion/pipeline.server";
import { formatIngestSummary } from "~/ingestion/summary.server";
import { rematchAll, rematchPending } from "~/jobs/match.server";
import * as callPage from "~/routes/bandi.$id._index";
import * as editCall from "~/routes/redazione.bandi.$id.modifica";
import { createTestDb, useTestDb } from "../setup/db";
import { routeArgs, runRoute } from "../setup/routes";

/**
 * Size clusters of calls (`calls.size_clusters`, migration 0009, decision 0012) through every
 * layer: ingestion, storage, versions and review, the curators' form, the call page and the
 * match store.
 */

const actor = { type: "redazione" as const, name: "utente:0 test@example.org" };
const DAY = 86_400_000;

function bando(idFonte: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    idFonte,
    titolo: `Bando ${idFonte} per i servizi digitali dei comuni`,
    ente: "Regione Lombardia",
    beneficiari: ["comune"],
    scadenza: new Date(Date.now() + 60 * DAY).toISOString().slice(0, 10),
    ...extra,
  };
}

function ingest(db: Db, bandi: Record<string, unknown>[], options: { publish?: boolean; input?: string } = {}) {
  const content = Buffer.from(JSON.stringify({ fonte: "prova", bandi }));
  return runIngest(db, { source: "bando-json", content, input: options.input ?? "prova.json", publish: options.publish ?? true });
}

function row(db: Db, publicId: string) {
  const found = resolveCall(db, publicId);
  if (!found) throw new Error(`bando ${publicId} assente`);
  return found;
}

const rawColumn = (db: Db, publicId: string) =>
  db.$client.prepare("SELECT size_clusters FROM calls WHERE public_id = ?").pluck().get(publicId) as string;

describe("size clusters: storage, versions and review", () => {
  const db = createTestDb();

  it("are stored and read back as the domain Call has them; a call without them admits every size", async () => {
    const summary = await ingest(db, [bando("A", { fasce: ["grande", "piccolo"] }), bando("B")]);
    expect(summary).toMatchObject({ status: "completato", created: 2, rejected: 0 });
    expect(rawColumn(db, "prova:A")).toBe('["piccolo","grande"]');
    expect(rawColumn(db, "prova:B")).toBe("[]");
    expect(callFromRow(row(db, "prova:A")).sizeClusters).toEqual(["piccolo", "grande"]);
    expect(callFromRow(row(db, "prova:B")).sizeClusters).toEqual([]);
    const [created] = versionsOf(db, row(db, "prova:A").id);
    expect(created).toMatchObject({ action: "creato", snapshot: { sizeClusters: ["piccolo", "grande"] } });
    expect(created!.changedFields).toContain("sizeClusters");
    // The same file again changes nothing.
    expect(await ingest(db, [bando("A", { fasce: ["piccolo", "grande"] }), bando("B")])).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it("a change from the source waits for review with the field in the diff, and is a new version once approved", async () => {
    const before = row(db, "prova:A");
    await ingest(db, [bando("A", { fasce: ["piccolo"] })], { publish: false });
    const waiting = row(db, "prova:A");
    expect(waiting.version).toBe(before.version);
    expect(waiting.sizeClusters).toEqual(["piccolo", "grande"]);
    expect(diffContent(rowContent(waiting), waiting.pending!)).toEqual([
      { field: "sizeClusters", label: "Fasce demografiche ammesse", before: "Piccolo (meno di 5.000 abitanti), Grande (oltre 15.000 abitanti)", after: "Piccolo (meno di 5.000 abitanti)" },
    ]);
    expect(versionsOf(db, waiting.id)[0]).toMatchObject({ action: "proposta", changedFields: ["sizeClusters"] });

    const approved = approvePending(db, waiting.id, actor);
    expect(approved).toMatchObject({ version: before.version + 1, sizeClusters: ["piccolo"], rematchPending: true });
    expect(versionsOf(db, waiting.id)[0]).toMatchObject({ action: "approvato", version: before.version + 1, changedFields: ["sizeClusters"] });
  });

  it("a curator's choice is a new version, and later source changes do not overwrite it", async () => {
    const id = row(db, "prova:A").id;
    const { row: edited, fields } = updateCallContent(db, id, { ...rowContent(row(db, "prova:A")), sizeClusters: ["medio"] }, actor);
    expect(fields).toEqual(["sizeClusters"]);
    expect(edited).toMatchObject({ version: 3, sizeClusters: ["medio"], curatorFields: ["sizeClusters"] });
    await ingest(db, [bando("A", { fasce: ["grande"], titolo: "Bando A, seconda finestra" })]);
    expect(getCall(db, id)).toMatchObject({ title: "Bando A, seconda finestra", sizeClusters: ["medio"] });
    const [latest] = versionsOf(db, id);
    expect(latest).toMatchObject({ action: "aggiornato", note: "campi modificati dalla redazione, non aggiornati dalla fonte: sizeClusters" });
    expect(latest!.changedFields).toContain("title");
    expect(latest!.changedFields).not.toContain("sizeClusters");
  });

  it("the public call resource stays as API.md has it (no `fasce`); the fascia filter honours the reservation", () => {
    const now = new Date();
    const reserved = row(db, "prova:A");
    const open = row(db, "prova:B");
    const json = callDetailJson(reserved, sourcesOf(db, reserved.id), now);
    expect(Object.keys(json)).toEqual(Object.keys(callDetailJson(open, sourcesOf(db, open.id), now)));
    expect(json).not.toHaveProperty("fasce");
    expect(json).not.toHaveProperty("sizeClusters");
    const ids = (fascia: SizeCluster) => searchCatalogue(db, { fascia }, now).map((e) => e.call.publicId);
    expect(ids("medio")).toEqual(expect.arrayContaining(["prova:A", "prova:B"]));
    expect(ids("piccolo")).toContain("prova:B");
    expect(ids("piccolo")).not.toContain("prova:A");
  });

  it("a template row with an unknown cluster is rejected naming the file, the line and the column", async () => {
    const csv = ["Identificativo;Titolo;Ente erogatore;Beneficiari;Fasce demografiche", "T1;Bando T1;Regione Lombardia;comune;medio", "T2;Bando T2;Regione Lombardia;comune;enorme"].join("\n");
    const summary = await runIngest(db, { source: "csv-template", content: Buffer.from(csv), input: "bandi-fasce.csv" });
    expect(summary).toMatchObject({ status: "completato", created: 1, rejected: 1 });
    const text = formatIngestSummary(summary);
    expect(text).toContain("csv-template — bandi-fasce.csv: completato");
    expect(text).toContain('riga 3 [Fasce demografiche]: fascia demografica sconosciuta "enorme": ammesse piccolo, medio, grande');
    expect(row(db, "csv-template:T1").sizeClusters).toEqual(["medio"]);
  });
});

describe("size clusters in the match store", () => {
  const db = createTestDb({ seedComuni: true });
  const countOf = (cluster: SizeCluster) => db.select().from(comuni).where(eq(comuni.sizeCluster, cluster)).all().length;
  const clustersMatched = (callId: number) => {
    const clusterOf = new Map(db.select({ istat: comuni.istat, cluster: comuni.sizeCluster }).from(comuni).all().map((c) => [c.istat, c.cluster]));
    const matched = storedMatchesOfCall(db, callId).map((m) => m.comune);
    return { matched, clusters: new Set(matched.map((istat) => clusterOf.get(istat))) };
  };

  it("a call reserved to piccolo never matches a grande comune; choosing grande re-matches it the other way", async () => {
    await ingest(db, [bando("P", { fasce: ["piccolo"] })]);
    const id = row(db, "prova:P").id;
    expect(rematchAll(db, { now: new Date(), trigger: "test" }).status).toBe("completato");
    const small = clustersMatched(id);
    expect(small.clusters).toEqual(new Set(["piccolo"]));
    expect(small.matched).toHaveLength(countOf("piccolo"));
    expect(small.matched).toContain("016001"); // Adrara San Martino
    expect(small.matched).not.toContain("016024"); // Bergamo

    updateCallContent(db, id, { ...rowContent(getCall(db, id)!), sizeClusters: ["grande"] }, actor);
    expect(rematchPending(db, { trigger: "test" })).toMatchObject({ status: "completato", calls: 1 });
    const large = clustersMatched(id);
    expect(large.clusters).toEqual(new Set(["grande"]));
    expect(large.matched).toHaveLength(countOf("grande"));
    expect(large.matched).toContain("016024");
  });
});

describe("size clusters in the curators' form and on the call page", () => {
  let db: Db;
  const cookies: Record<string, string> = {};
  const args = (path: string, params: Record<string, string>, init: { user?: string; form?: Record<string, string | string[]> } = {}) => routeArgs(cookies, path, params, init);

  beforeAll(async () => {
    db = useTestDb(createTestDb());
    const redazione = createUser(db, { email: "redazione@anci.example", role: "redazione" });
    cookies.redazione = (await createSession(db, redazione.id)).split(";")[0]!;
    await ingest(db, [bando("F")]);
  });

  afterAll(() => setDb(undefined));

  it("saves the checked clusters as a new version, shows them checked again, and the page's rules name them", async () => {
    const call = row(db, "prova:F");
    const path = `/redazione/bandi/${call.id}/modifica`;
    const params = { id: String(call.id) };
    const form = { ...contentToForm(rowContent(call)), fasce: ["medio", "piccolo"] };
    const saved = await runRoute(editCall.action, args(path, params, { user: "redazione", form }));
    expect(saved).toMatchObject({ status: 302, location: `/redazione/bandi/${call.id}?esito=modificato` });
    expect(getCall(db, call.id)).toMatchObject({ sizeClusters: ["piccolo", "medio"], version: call.version + 1, curatorFields: ["sizeClusters"] });
    expect(versionsOf(db, call.id)[0]).toMatchObject({ action: "modificato", changedFields: ["sizeClusters"] });

    const page = await runRoute(editCall.loader, args(path, params, { user: "redazione" }));
    expect((page.body.values as Record<string, unknown>).fasce).toEqual(["piccolo", "medio"]);

    const publicPage = await runRoute(callPage.loader, args("/bandi/prova:F", { id: "prova:F" }));
    const rules = publicPage.body.rules as { topic: string; text: string }[];
    expect(rules.find((r) => r.topic === "popolazione")?.text).toBe(
      "Solo comuni di fascia demografica piccola (meno di 5.000 abitanti) o media (da 5.000 a 15.000 abitanti).",
    );
  });

  it("refuses an unknown cluster in Italian, naming the field, and changes nothing", async () => {
    const call = row(db, "prova:F");
    const form = { ...contentToForm(rowContent(call)), fasce: ["enorme"] };
    const refused = await runRoute(editCall.action, args(`/redazione/bandi/${call.id}/modifica`, { id: String(call.id) }, { user: "redazione", form }));
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({ fasce: "Fascia demografica sconosciuta: ammesse piccolo, medio, grande" });
    expect(getCall(db, call.id)).toMatchObject({ sizeClusters: ["piccolo", "medio"], version: call.version });
  });
});
