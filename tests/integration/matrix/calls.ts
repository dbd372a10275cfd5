import { createHash } from "node:crypto";
import { eq, inArray, like } from "drizzle-orm";
import { callSources, calls, callVersions, ingestSources, runs } from "~db/schema";
import { changeReviewState, getCall, rowContent, sourcesOf, updateCallContent, type Actor as CallActor } from "~/data/calls.server";
import { createIngestSource } from "~/data/ingest-sources.server";
import { contentToForm } from "~/domain/call-form";
import { ingestParsedSync } from "~/ingestion/pipeline.server";
import type { RawCall } from "~/ingestion/types";
import type { MatrixContext } from "./context";

/**
 * Calls and scheduled sources for the curators' rows of the authorization matrix: each case
 * ingests its own small calls through the real pipeline, so every actor starts from the same
 * state. Every id carries `ctx.unique` (`matrice:<unique>-a`), so a row's `state` reads exactly
 * the calls of its own case.
 */

/** The fonte of the matrix's calls: calls of one fonte are never taken as duplicates of each other. */
export const MATRIX_FONTE = "matrice";
/** A second fonte, whose items ingestion attaches to a `matrice` call as duplicates. */
export const DUPLICATE_FONTE = "matrice-bis";
/** The fonte of the files the upload row sends. */
export const UPLOAD_FONTE = "matrice-carica";

const SYSTEM: CallActor = { type: "sistema", name: "test della matrice" };

/**
 * A title no other case's title resembles: duplicate detection compares titles across fonti
 * (and across cases), so the case's number alone ("… 14-…" against "… 1-…") would look alike.
 */
export function titleFor(ctx: MatrixContext, suffix: string): string {
  return `Digitalizzazione ${createHash("sha256").update(`${ctx.unique}-${suffix}`).digest("hex").slice(0, 24)}`;
}

export function rawCall(ctx: MatrixContext, suffix: string, overrides: Partial<RawCall> = {}): RawCall {
  return {
    idFonte: `${ctx.unique}-${suffix}`,
    titolo: titleFor(ctx, suffix),
    ente: "Ente di prova della matrice",
    livelloEnte: "regionale",
    descrizione: "Bando di prova del test di autorizzazione.",
    temi: ["servizi-digitali"],
    beneficiari: ["comune"],
    territorio: { regioni: ["03"] },
    dotazione: 100_000,
    apertura: "2026-01-01",
    scadenza: "2099-12-31",
    procedura: "sportello",
    ...overrides,
  };
}

/** Ingests the calls through the pipeline (one run) and returns the ids of the calls they made. */
export function ingestCalls(ctx: MatrixContext, items: RawCall[], options: { fonte?: string; publish?: boolean } = {}): { runId: number; ids: number[] } {
  const fonte = options.fonte ?? MATRIX_FONTE;
  const summary = ingestParsedSync(
    ctx.db,
    { fonte, items: items.map((call, index) => ({ position: { index }, call })), rejects: [], read: items.length },
    { source: "bando-json", input: `matrice-${ctx.unique}.json`, publish: options.publish ?? false, actor: "test" },
  );
  if (summary.status !== "completato" || summary.rejected > 0) throw new Error(`bandi di prova non importati: ${summary.error ?? JSON.stringify(summary.rejects)}`);
  const aliases = items.map((c) => `${fonte}:${c.idFonte}`);
  const ids = ctx.db.select({ id: callSources.callId }).from(callSources).where(inArray(callSources.alias, aliases)).all();
  return { runId: summary.runId, ids: ids.map((r) => r.id) };
}

/** One new call: "da-revisionare", or "pubblicato" with `publish`. */
export function callFor(ctx: MatrixContext, options: { publish?: boolean } = {}): { callId: number } {
  const { ids } = ingestCalls(ctx, [rawCall(ctx, "a")], options);
  return { callId: ids[0]! };
}

/** A call in the given review state (through a curator's transition). */
export function callInState(ctx: MatrixContext, state: "scartato" | "archiviato"): { callId: number } {
  const { callId } = callFor(ctx);
  changeReviewState(ctx.db, callId, state === "scartato" ? "discard" : "archive", SYSTEM);
  return { callId };
}

/** A published call with a change from its source waiting for review. */
export function callWithPendingChange(ctx: MatrixContext): { callId: number } {
  const { callId } = callFor(ctx, { publish: true });
  ingestCalls(ctx, [rawCall(ctx, "a", { titolo: `${titleFor(ctx, "a")} (rettifica)`, dotazione: 150_000 })]);
  if (!getCall(ctx.db, callId)?.pending) throw new Error("modifica in attesa non creata");
  return { callId };
}

/** A call whose themes a curator chose (themesSource "curator"). */
export function callWithCuratorThemes(ctx: MatrixContext): { callId: number } {
  const { callId } = callFor(ctx);
  const row = getCall(ctx.db, callId)!;
  updateCallContent(ctx.db, callId, { ...rowContent(row), themes: ["cloud"] }, { type: "redazione", name: "test" });
  if (getCall(ctx.db, callId)?.themesSource !== "curator") throw new Error("temi della redazione non impostati");
  return { callId };
}

/** Two calls of the same fonte (never merged by ingestion): the row merges the second into the first. */
export function twoCalls(ctx: MatrixContext): { callId: number; otherAlias: string } {
  const { ids } = ingestCalls(ctx, [rawCall(ctx, "a"), rawCall(ctx, "b")]);
  return { callId: ids[0]!, otherAlias: `${MATRIX_FONTE}:${ctx.unique}-b` };
}

/** A call with a second source that ingestion attached to it as a duplicate. */
export function callWithDuplicate(ctx: MatrixContext): { callId: number; alias: string } {
  const { callId } = callFor(ctx);
  const raw = rawCall(ctx, "a");
  ingestCalls(ctx, [raw], { fonte: DUPLICATE_FONTE });
  const alias = `${DUPLICATE_FONTE}:${raw.idFonte}`;
  if (!sourcesOf(ctx.db, callId).some((s) => s.alias === alias)) throw new Error("duplicato non unito dall'importazione");
  return { callId, alias };
}

/** The edit form of a call, filled with its content and a new title. */
export function editFormFor(ctx: MatrixContext, callId: number): Record<string, string> {
  const values = contentToForm(rowContent(getCall(ctx.db, callId)!));
  const form = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
  return { ...form, titolo: `Titolo corretto dalla redazione ${ctx.unique}` };
}

/** Everything about the case's calls an action may change: the calls, their sources, their history. */
export function callsOfCase(ctx: MatrixContext) {
  const pattern = `%:${ctx.unique}-%`;
  const rows = ctx.db.select().from(calls).where(like(calls.publicId, pattern)).orderBy(calls.id).all();
  return {
    calls: rows,
    sources: ctx.db.select().from(callSources).where(like(callSources.alias, pattern)).orderBy(callSources.alias).all(),
    versions: ctx.db
      .select({ id: callVersions.id, action: callVersions.action })
      .from(callVersions)
      .where(inArray(callVersions.callId, rows.map((r) => r.id)))
      .orderBy(callVersions.id)
      .all(),
  };
}

/** A bando-json file of one call, for the upload row. */
export function uploadFile(ctx: MatrixContext): { name: string; type: string; content: string } {
  const call = rawCall(ctx, "caricato", { titolo: `Caricamento ${titleFor(ctx, "caricato")}`, ente: "Ente del file caricato" });
  return { name: `carica-${ctx.unique}.json`, type: "application/json", content: JSON.stringify({ fonte: UPLOAD_FONTE, bandi: [call] }) };
}

export function uploadState(ctx: MatrixContext) {
  return {
    runs: ctx.db.select({ id: runs.id, status: runs.status }).from(runs).where(eq(runs.input, `carica-${ctx.unique}.json`)).all(),
    sources: ctx.db.select({ alias: callSources.alias, callId: callSources.callId }).from(callSources).where(like(callSources.alias, `${UPLOAD_FONTE}:${ctx.unique}-%`)).all(),
  };
}

/** A scheduled source, disabled so that the server's scheduler never runs it during the test. */
export function scheduledSourceFor(ctx: MatrixContext): { sourceId: number } {
  const row = createIngestSource(
    ctx.db,
    { name: `Fonte esistente ${ctx.unique}`, adapter: "bando-json", url: `https://example.org/${ctx.unique}.json`, schedule: "ogni giorno alle 06:00", enabled: false, publish: false, nextRunAt: null },
    "test",
  );
  return { sourceId: row.id };
}

export function scheduledSourceRow(ctx: MatrixContext, id: number) {
  return ctx.db.select().from(ingestSources).where(eq(ingestSources.id, id)).get() ?? null;
}

export function scheduledSourcesNamed(ctx: MatrixContext, name: string) {
  return ctx.db.select().from(ingestSources).where(eq(ingestSources.name, name)).all();
}
