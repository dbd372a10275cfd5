import { createHash } from "node:crypto";
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { nowIso, writeTransaction, type Db } from "~db/client.server";
import {
  callSources,
  callVersions,
  calls,
  type CallRow,
  type CallSourceRow,
  type CallVersionAction,
  type CallVersionRow,
} from "~db/schema";
import type { Call, ReviewState } from "~/domain/call";
import { canonicalClusters, changedFields, completeContent, contentKey, type CallContent, type CallField } from "~/domain/call-content";
import { applySourceUpdate, fillMissing, keepLocked } from "~/domain/call-merge";
import { DuplicateIndex, type DuplicateCandidate } from "~/domain/duplicates";
import { foldText } from "~/domain/text";

/**
 * Calls: the live content, the aliases (sources), the versions, and the review flow
 * (docs/decisions/0010-call-model.md). Every write runs inside a caller's transaction (`tx`)
 * or opens its own immediate one, records a version row, and bumps the catalogue revision so
 * the search index knows to rebuild.
 */

export type ThemesSource = CallRow["themesSource"];

export function hashContent(content: CallContent): string {
  return createHash("sha256").update(contentKey(content)).digest("hex");
}

export function rowContent(row: CallRow): CallContent {
  return {
    title: row.title,
    issuer: row.issuer,
    issuerLevel: row.issuerLevel,
    description: row.description,
    url: row.url,
    themes: row.themes,
    beneficiaries: row.beneficiaries,
    territory: row.territory,
    populationMin: row.populationMin,
    populationMax: row.populationMax,
    sizeClusters: row.sizeClusters,
    associatedOnly: row.associatedOnly,
    budget: row.budget,
    amountMin: row.amountMin,
    amountMax: row.amountMax,
    amountBands: row.amountBands,
    cofinancingPct: row.cofinancingPct,
    opensAt: row.opensAt,
    deadline: row.deadline,
    procedure: row.procedure,
    pnrrMeasure: row.pnrrMeasure,
  };
}

function contentColumns(content: CallContent) {
  return {
    ...content,
    sizeClusters: canonicalClusters(content.sizeClusters),
    contentHash: hashContent(content),
    searchText: foldText(`${content.title} ${content.issuer}`),
  };
}

/** A change waiting for review; snapshots written before a field existed get its default. */
function pendingContent(row: Pick<CallRow, "pending">): CallContent | null {
  return row.pending ? completeContent(row.pending) : null;
}

export function lockedFields(row: Pick<CallRow, "curatorFields" | "themesSource">): Set<CallField> {
  const locked = new Set(row.curatorFields as CallField[]);
  if (row.themesSource === "curator") locked.add("themes");
  return locked;
}

const REVISION_KEY = "calls.revision";

/** Bumps the catalogue revision (in the caller's transaction): readers rebuild their search index. */
export function bumpCatalogueRevision(tx: Db): void {
  tx.run(sql`INSERT INTO settings (key, value, updated_at) VALUES (${REVISION_KEY}, '1', ${nowIso()})
    ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT), updated_at = excluded.updated_at`);
}

export function catalogueRevision(db: Db): string {
  const row = db.get<{ value: string } | undefined>(sql`SELECT value FROM settings WHERE key = ${REVISION_KEY}`);
  return row?.value ?? "0";
}

export interface Actor {
  type: "fonte" | "redazione" | "sistema";
  name: string;
  runId?: number | null;
}

function recordVersion(
  tx: Db,
  row: Pick<CallRow, "id" | "version" | "reviewState">,
  actor: Actor,
  action: CallVersionAction,
  snapshot: CallContent,
  fields: readonly string[],
  at: string,
  note?: string | null,
): void {
  tx.insert(callVersions)
    .values({
      callId: row.id,
      version: row.version,
      at,
      actorType: actor.type,
      actor: actor.name,
      runId: actor.runId ?? null,
      action,
      reviewState: row.reviewState,
      changedFields: [...fields],
      snapshot,
      note: note ?? null,
    })
    .run();
}

function getCallRow(tx: Db, id: number): CallRow | undefined {
  return tx.select().from(calls).where(eq(calls.id, id)).get();
}

function requireCall(tx: Db, id: number): CallRow {
  const row = getCallRow(tx, id);
  if (!row || row.mergedIntoId !== null) throw new CallActionError("Bando inesistente o unito a un altro bando.");
  return row;
}

/** A curator's action that the current state does not allow; the message is for the UI. */
export class CallActionError extends Error {}

// ---------------------------------------------------------------------------------------------
// Ingestion
// ---------------------------------------------------------------------------------------------

export interface IngestItem {
  sourceId: string;
  content: CallContent;
  themesSource: "auto" | "fonte";
  suggestions: string[];
}

export interface IngestContext {
  fonte: string;
  adapter: string;
  runId: number;
  /** Trusted input: new calls are published at once and changes go live without review. */
  publish: boolean;
  now: Date;
  onProgress?: (done: number, total: number) => void;
}

export interface IngestOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Items attached to an existing call of another source (duplicates). */
  merged: { alias: string; into: string; reason: string }[];
  /** Changes to published calls waiting for review. */
  pending: number;
  published: number;
}

function duplicateCandidates(tx: Db): DuplicateCandidate[] {
  const rows = tx
    .select({
      id: calls.id,
      title: calls.title,
      issuer: calls.issuer,
      deadline: calls.deadline,
      fonti: sql<string>`(SELECT group_concat(${callSources.fonte}, char(31)) FROM ${callSources} WHERE ${callSources.callId} = ${calls.id})`,
    })
    .from(calls)
    .where(and(isNull(calls.mergedIntoId), ne(calls.reviewState, "scartato")))
    .all();
  return rows.map((r) => ({ callId: r.id, title: r.title, issuer: r.issuer, deadline: r.deadline, fonti: (r.fonti ?? "").split("\u001f") }));
}

function mergeSuggestions(existing: readonly string[], incoming: readonly string[]): string[] {
  return [...new Set([...existing, ...incoming])].slice(0, 30);
}

/**
 * Applies a run's validated items inside the run's transaction: new calls, updates of known
 * aliases (only what the source changed; curator-locked fields kept), duplicates merged into
 * existing calls, and changes to published calls kept as pending until review.
 */
export function applyIngestItems(tx: Db, items: readonly IngestItem[], ctx: IngestContext): IngestOutcome {
  const at = ctx.now.toISOString();
  const actorBase = { type: "fonte" as const, runId: ctx.runId };
  const outcome: IngestOutcome = { created: 0, updated: 0, unchanged: 0, merged: [], pending: 0, published: 0 };
  const known = new Map<string, CallSourceRow>();
  for (const row of tx.select().from(callSources).where(eq(callSources.fonte, ctx.fonte)).all()) known.set(row.alias, row);
  let duplicates: DuplicateIndex | undefined;
  let changedCatalogue = false;

  items.forEach((item, i) => {
    ctx.onProgress?.(i, items.length);
    const alias = `${ctx.fonte}:${item.sourceId}`;
    const actor = { ...actorBase, name: `${ctx.adapter} ${alias}` };
    const hash = hashContent(item.content);
    const source = known.get(alias);

    if (source) {
      if (source.contentHash === hash) {
        outcome.unchanged++;
        return;
      }
      const call = resolveRow(tx, source.callId);
      tx.update(callSources)
        .set({ contentHash: hash, snapshot: item.content, suggestions: item.suggestions, lastSeenAt: at, lastRunId: ctx.runId })
        .where(eq(callSources.alias, alias))
        .run();
      const base = pendingContent(call) ?? rowContent(call);
      const update = applySourceUpdate(base, completeContent(source.snapshot), item.content, lockedFields(call));
      const themesSource = changedFields(base, update.content).includes("themes") ? item.themesSource : call.themesSource;
      const note = update.lockedSkipped.length
        ? `campi modificati dalla redazione, non aggiornati dalla fonte: ${update.lockedSkipped.join(", ")}`
        : null;
      const changed = applyChange(tx, call, update.content, { actor, at, ctx, action: "aggiornato", note, themesSource, suggestions: item.suggestions });
      if (changed === "none") outcome.unchanged++;
      else {
        outcome.updated++;
        if (changed === "pending") outcome.pending++;
        if (changed === "published") outcome.published++;
        changedCatalogue = true;
      }
      return;
    }

    duplicates ??= new DuplicateIndex(duplicateCandidates(tx));
    const match = duplicates.find({ fonte: ctx.fonte, title: item.content.title, issuer: item.content.issuer, deadline: item.content.deadline });
    if (match) {
      const call = resolveRow(tx, match.callId);
      insertAlias(tx, { alias, item, ctx, callId: call.id, hash, at, mergeReason: match.reason });
      const base = pendingContent(call) ?? rowContent(call);
      const filled = fillMissing(base, item.content, lockedFields(call));
      const note = `fonte ${alias} aggiunta come duplicato (${match.reason})`;
      const changed = applyChange(tx, call, filled, {
        actor,
        at,
        ctx,
        action: "fonte-aggiunta",
        note,
        themesSource: call.themesSource,
        suggestions: item.suggestions,
        recordEvenIfUnchanged: true,
      });
      if (changed === "pending") outcome.pending++;
      if (changed === "published") outcome.published++;
      outcome.updated++;
      outcome.merged.push({ alias, into: call.publicId, reason: match.reason });
      changedCatalogue = true;
      return;
    }

    const state: ReviewState = ctx.publish ? "pubblicato" : "da-revisionare";
    const created = tx
      .insert(calls)
      .values({
        publicId: alias,
        ...contentColumns(item.content),
        themesSource: item.themesSource,
        suggestions: item.suggestions,
        reviewState: state,
        version: 1,
        rematchPending: ctx.publish,
        publishedAt: ctx.publish ? at : null,
        liveUpdatedAt: at,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: calls.id, version: calls.version, reviewState: calls.reviewState })
      .get();
    insertAlias(tx, { alias, item, ctx, callId: created.id, hash, at, mergeReason: null });
    recordVersion(tx, created, actor, "creato", item.content, changedFields(null, item.content), at, ctx.publish ? "pubblicato all'importazione (--publish)" : null);
    outcome.created++;
    if (ctx.publish) outcome.published++;
    changedCatalogue = true;
  });
  ctx.onProgress?.(items.length, items.length);
  if (changedCatalogue) bumpCatalogueRevision(tx);
  return outcome;
}

function insertAlias(
  tx: Db,
  p: { alias: string; item: IngestItem; ctx: IngestContext; callId: number; hash: string; at: string; mergeReason: string | null },
): void {
  tx.insert(callSources)
    .values({
      alias: p.alias,
      fonte: p.ctx.fonte,
      sourceId: p.item.sourceId,
      adapter: p.ctx.adapter,
      callId: p.callId,
      originCallId: p.callId,
      mergeReason: p.mergeReason,
      contentHash: p.hash,
      snapshot: p.item.content,
      suggestions: p.item.suggestions,
      firstSeenAt: p.at,
      lastSeenAt: p.at,
      lastRunId: p.ctx.runId,
    })
    .run();
}

/** Follows merges to the surviving call row. */
function resolveRow(tx: Db, id: number): CallRow {
  let row = getCallRow(tx, id);
  for (let hops = 0; row && row.mergedIntoId !== null && hops < 20; hops++) row = getCallRow(tx, row.mergedIntoId);
  if (!row) throw new Error(`bando ${id} inesistente`);
  return row;
}

/**
 * Applies a proposed content from a source to a call, by the review rules: published calls get
 * a pending change (unless the run is trusted), other calls change directly.
 */
function applyChange(
  tx: Db,
  call: CallRow,
  proposed: CallContent,
  opts: {
    actor: Actor;
    at: string;
    ctx: IngestContext;
    action: CallVersionAction;
    note: string | null;
    themesSource: ThemesSource;
    suggestions: string[];
    recordEvenIfUnchanged?: boolean;
  },
): "none" | "live" | "pending" | "published" {
  const live = rowContent(call);
  const liveKey = contentKey(live);
  const proposedKey = contentKey(proposed);
  const suggestions = mergeSuggestions(call.suggestions, opts.suggestions);
  const published = call.reviewState === "pubblicato";

  if (published && !opts.ctx.publish) {
    const previousPending = call.pending ? contentKey(call.pending) : null;
    if (proposedKey === liveKey) {
      // The source went back to what is published: nothing left to review.
      if (previousPending !== null) {
        tx.update(calls).set({ pending: null, pendingSince: null, pendingRunId: null, suggestions, updatedAt: opts.at }).where(eq(calls.id, call.id)).run();
        recordVersion(tx, call, opts.actor, "proposta-sostituita", live, [], opts.at, "la fonte è tornata al contenuto pubblicato");
        return "live";
      }
      if (opts.recordEvenIfUnchanged) recordVersion(tx, call, opts.actor, opts.action, live, [], opts.at, opts.note);
      return opts.recordEvenIfUnchanged ? "live" : "none";
    }
    if (previousPending === proposedKey) {
      if (opts.recordEvenIfUnchanged) recordVersion(tx, call, opts.actor, opts.action, proposed, [], opts.at, opts.note);
      return opts.recordEvenIfUnchanged ? "pending" : "none";
    }
    tx.update(calls)
      .set({ pending: proposed, pendingSince: opts.at, pendingRunId: opts.ctx.runId, themesSource: opts.themesSource, suggestions, updatedAt: opts.at })
      .where(eq(calls.id, call.id))
      .run();
    recordVersion(tx, call, opts.actor, "proposta", proposed, changedFields(live, proposed), opts.at, opts.note);
    return "pending";
  }

  const publishNow = opts.ctx.publish && call.reviewState === "da-revisionare";
  const contentChanged = proposedKey !== liveKey;
  if (!contentChanged && !publishNow && call.pending === null) {
    if (opts.recordEvenIfUnchanged) recordVersion(tx, call, opts.actor, opts.action, live, [], opts.at, opts.note);
    return opts.recordEvenIfUnchanged ? "live" : "none";
  }
  const nextState: ReviewState = publishNow ? "pubblicato" : call.reviewState;
  const next = {
    ...contentColumns(proposed),
    themesSource: opts.themesSource,
    suggestions,
    version: contentChanged ? call.version + 1 : call.version,
    reviewState: nextState,
    pending: null,
    pendingSince: null,
    pendingRunId: null,
    rematchPending: call.rematchPending || nextState === "pubblicato",
    publishedAt: publishNow ? opts.at : call.publishedAt,
    liveUpdatedAt: opts.at,
    updatedAt: opts.at,
  };
  tx.update(calls).set(next).where(eq(calls.id, call.id)).run();
  recordVersion(tx, { id: call.id, version: next.version, reviewState: nextState }, opts.actor, opts.action, proposed, changedFields(live, proposed), opts.at, [opts.note, publishNow ? "pubblicato all'importazione (--publish)" : null].filter(Boolean).join("; ") || null);
  return publishNow ? "published" : "live";
}

// ---------------------------------------------------------------------------------------------
// Curators' actions
// ---------------------------------------------------------------------------------------------

export function curatorActor(user: { id: number; email: string }): Actor {
  return { type: "redazione", name: `utente:${user.id} ${user.email}` };
}

const TRANSITIONS: Record<"publish" | "archive" | "discard" | "reopen", { from: ReviewState[]; to: ReviewState; action: CallVersionAction }> = {
  publish: { from: ["da-revisionare", "archiviato"], to: "pubblicato", action: "pubblicato" },
  archive: { from: ["pubblicato", "da-revisionare"], to: "archiviato", action: "archiviato" },
  discard: { from: ["da-revisionare", "pubblicato", "archiviato"], to: "scartato", action: "scartato" },
  reopen: { from: ["scartato", "archiviato"], to: "da-revisionare", action: "riaperto" },
};

export type ReviewTransition = keyof typeof TRANSITIONS;

/** Publish, archive, discard or reopen a call. Publishing or withdrawing a published call asks for a re-match. */
export function changeReviewState(db: Db, id: number, transition: ReviewTransition, actor: Actor, now = new Date()): CallRow {
  const rule = TRANSITIONS[transition];
  return writeTransaction(db, (tx) => {
    const call = requireCall(tx, id);
    if (!rule.from.includes(call.reviewState)) {
      throw new CallActionError(`Operazione non possibile: il bando è nello stato «${call.reviewState}».`);
    }
    const at = now.toISOString();
    const affectsPublic = rule.to === "pubblicato" || call.reviewState === "pubblicato";
    const row = tx
      .update(calls)
      .set({
        reviewState: rule.to,
        publishedAt: rule.to === "pubblicato" ? at : call.publishedAt,
        rematchPending: call.rematchPending || affectsPublic,
        // A pending change only makes sense for a published call.
        ...(rule.to !== "pubblicato" ? { pending: null, pendingSince: null, pendingRunId: null } : {}),
        liveUpdatedAt: at,
        updatedAt: at,
      })
      .where(eq(calls.id, id))
      .returning()
      .get();
    recordVersion(tx, row, actor, rule.action, rowContent(row), [], at);
    bumpCatalogueRevision(tx);
    return row;
  });
}

/** Approves the pending change of a published call: it goes live (fields a curator edited since stay). */
export function approvePending(db: Db, id: number, actor: Actor, now = new Date()): CallRow {
  return writeTransaction(db, (tx) => {
    const call = requireCall(tx, id);
    const pending = pendingContent(call);
    if (!pending) throw new CallActionError("Nessuna modifica in attesa per questo bando.");
    const live = rowContent(call);
    const next = keepLocked(pending, live, lockedFields(call));
    const at = now.toISOString();
    const fields = changedFields(live, next);
    const row = tx
      .update(calls)
      .set({
        ...contentColumns(next),
        version: fields.length ? call.version + 1 : call.version,
        pending: null,
        pendingSince: null,
        pendingRunId: null,
        rematchPending: call.rematchPending || (fields.length > 0 && call.reviewState === "pubblicato"),
        liveUpdatedAt: at,
        updatedAt: at,
      })
      .where(eq(calls.id, id))
      .returning()
      .get();
    recordVersion(tx, row, actor, "approvato", next, fields, at);
    bumpCatalogueRevision(tx);
    return row;
  });
}

export function rejectPending(db: Db, id: number, actor: Actor, now = new Date()): CallRow {
  return writeTransaction(db, (tx) => {
    const call = requireCall(tx, id);
    const pending = pendingContent(call);
    if (!pending) throw new CallActionError("Nessuna modifica in attesa per questo bando.");
    const at = now.toISOString();
    const row = tx.update(calls).set({ pending: null, pendingSince: null, pendingRunId: null, updatedAt: at }).where(eq(calls.id, id)).returning().get();
    recordVersion(tx, row, actor, "respinto", pending, changedFields(rowContent(call), pending), at, "modifica proposta dalla fonte respinta");
    return row;
  });
}

/**
 * A curator's edit of the live content. Changed fields become curator-owned (re-ingestion
 * leaves them alone); a change to a published call asks for a re-match.
 */
export function updateCallContent(db: Db, id: number, content: CallContent, actor: Actor, now = new Date()): { row: CallRow; fields: CallField[] } {
  return writeTransaction(db, (tx) => {
    const call = requireCall(tx, id);
    const live = rowContent(call);
    const fields = changedFields(live, content);
    if (fields.length === 0) return { row: call, fields };
    const at = now.toISOString();
    const curatorFields = [...new Set([...call.curatorFields, ...fields.filter((f) => f !== "themes")])];
    const row = tx
      .update(calls)
      .set({
        ...contentColumns(content),
        curatorFields,
        themesSource: fields.includes("themes") ? "curator" : call.themesSource,
        version: call.version + 1,
        rematchPending: call.rematchPending || call.reviewState === "pubblicato",
        liveUpdatedAt: at,
        updatedAt: at,
      })
      .where(eq(calls.id, id))
      .returning()
      .get();
    recordVersion(tx, row, actor, "modificato", content, fields, at);
    bumpCatalogueRevision(tx);
    return { row, fields };
  });
}

/** Gives the themes back to automatic tagging (from the newest source content) at the next ingestion. */
export function releaseCuratorFields(db: Db, id: number, fields: readonly CallField[], actor: Actor, now = new Date()): CallRow {
  return writeTransaction(db, (tx) => {
    const call = requireCall(tx, id);
    const at = now.toISOString();
    const row = tx
      .update(calls)
      .set({
        curatorFields: call.curatorFields.filter((f) => !fields.includes(f as CallField)),
        themesSource: fields.includes("themes") && call.themesSource === "curator" ? "auto" : call.themesSource,
        updatedAt: at,
      })
      .where(eq(calls.id, id))
      .returning()
      .get();
    recordVersion(tx, row, actor, "modificato", rowContent(row), [], at, `campi restituiti alle fonti: ${fields.join(", ")}`);
    return row;
  });
}

/** Merges `absorbedId` into `survivorId`: every alias of the absorbed call resolves to the survivor. */
export function mergeCalls(db: Db, survivorId: number, absorbedId: number, actor: Actor, now = new Date()): CallRow {
  if (survivorId === absorbedId) throw new CallActionError("Un bando non può essere unito a sé stesso.");
  return writeTransaction(db, (tx) => {
    const survivor = requireCall(tx, survivorId);
    const absorbed = requireCall(tx, absorbedId);
    const at = now.toISOString();
    const live = rowContent(survivor);
    const filled = fillMissing(live, rowContent(absorbed), lockedFields(survivor));
    const fields = changedFields(live, filled);
    tx.update(callSources).set({ callId: survivor.id }).where(eq(callSources.callId, absorbed.id)).run();
    const absorbedRow = tx
      .update(calls)
      .set({ mergedIntoId: survivor.id, rematchPending: absorbed.rematchPending || absorbed.reviewState === "pubblicato", liveUpdatedAt: at, updatedAt: at })
      .where(eq(calls.id, absorbed.id))
      .returning()
      .get();
    recordVersion(tx, absorbedRow, actor, "assorbito", rowContent(absorbed), [], at, `unito a ${survivor.publicId}`);
    const row = tx
      .update(calls)
      .set({
        ...contentColumns(filled),
        version: fields.length ? survivor.version + 1 : survivor.version,
        suggestions: mergeSuggestions(survivor.suggestions, absorbed.suggestions),
        rematchPending: survivor.rematchPending || (survivor.reviewState === "pubblicato" && fields.length > 0),
        liveUpdatedAt: at,
        updatedAt: at,
      })
      .where(eq(calls.id, survivor.id))
      .returning()
      .get();
    recordVersion(tx, row, actor, "unito", filled, fields, at, `assorbe ${absorbed.publicId}`);
    bumpCatalogueRevision(tx);
    return row;
  });
}

/**
 * Splits a wrongly merged source off a call. A call a curator merged comes back as it was; a
 * source that ingestion attached as a duplicate becomes a new call (to review) from its own data.
 */
export function splitAlias(db: Db, callId: number, alias: string, actor: Actor, now = new Date()): CallRow {
  return writeTransaction(db, (tx) => {
    const call = requireCall(tx, callId);
    const source = tx.select().from(callSources).where(eq(callSources.alias, alias)).get();
    if (!source || source.callId !== call.id) throw new CallActionError("La fonte indicata non appartiene a questo bando.");
    if (alias === call.publicId) throw new CallActionError("La fonte principale non si può separare: separa le altre.");
    const at = now.toISOString();
    let target: CallRow;
    const origin = source.originCallId !== call.id ? getCallRow(tx, source.originCallId) : undefined;
    if (origin && origin.mergedIntoId === call.id) {
      target = tx
        .update(calls)
        .set({ mergedIntoId: null, rematchPending: origin.rematchPending || origin.reviewState === "pubblicato", liveUpdatedAt: at, updatedAt: at })
        .where(eq(calls.id, origin.id))
        .returning()
        .get();
      tx.update(callSources)
        .set({ callId: origin.id })
        .where(and(eq(callSources.originCallId, origin.id), eq(callSources.callId, call.id)))
        .run();
    } else {
      target = tx
        .insert(calls)
        .values({
          publicId: alias,
          ...contentColumns(completeContent(source.snapshot)),
          themesSource: "auto",
          suggestions: source.suggestions,
          reviewState: "da-revisionare",
          version: 1,
          liveUpdatedAt: at,
          createdAt: at,
          updatedAt: at,
        })
        .returning()
        .get();
      tx.update(callSources).set({ callId: target.id, originCallId: target.id, mergeReason: null }).where(eq(callSources.alias, alias)).run();
    }
    recordVersion(tx, target, actor, "separato", rowContent(target), [], at, `separato da ${call.publicId}`);
    const row = tx
      .update(calls)
      .set({ rematchPending: call.rematchPending || call.reviewState === "pubblicato", liveUpdatedAt: at, updatedAt: at })
      .where(eq(calls.id, call.id))
      .returning()
      .get();
    recordVersion(tx, row, actor, "separato", rowContent(row), [], at, `fonte ${alias} separata in ${target.publicId}`);
    bumpCatalogueRevision(tx);
    return target;
  });
}

/** Clears the re-match flag of calls the matching engine has processed (issue 5 calls this). */
export function clearRematchPending(db: Db, ids: readonly number[]): number {
  if (ids.length === 0) return 0;
  return writeTransaction(db, (tx) => tx.update(calls).set({ rematchPending: false }).where(inArray(calls.id, [...ids])).run().changes);
}

export function callsToRematch(db: Db): CallRow[] {
  return db.select().from(calls).where(eq(calls.rematchPending, true)).all();
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** The call an id or any alias resolves to (following merges), or undefined. */
export function resolveCall(db: Db, anyId: string): CallRow | undefined {
  const source = db.select({ callId: callSources.callId }).from(callSources).where(eq(callSources.alias, anyId)).get();
  let row = source ? getCallRow(db, source.callId) : db.select().from(calls).where(eq(calls.publicId, anyId)).get();
  for (let hops = 0; row && row.mergedIntoId !== null && hops < 20; hops++) row = getCallRow(db, row.mergedIntoId);
  return row;
}

export function getCall(db: Db, id: number): CallRow | undefined {
  return getCallRow(db, id);
}

export function sourcesOf(db: Db, callId: number): CallSourceRow[] {
  return db.select().from(callSources).where(eq(callSources.callId, callId)).orderBy(asc(callSources.firstSeenAt), asc(callSources.alias)).all();
}

export function versionsOf(db: Db, callId: number): CallVersionRow[] {
  return db.select().from(callVersions).where(eq(callVersions.callId, callId)).orderBy(desc(callVersions.id)).all();
}

export interface StaffCallFilters {
  q?: string;
  state?: ReviewState;
  fonte?: string;
  /** Only calls with something to review (new, or a pending change). */
  toReview?: boolean;
  sort?: "scadenza" | "titolo" | "aggiornato";
  page: number;
  perPage: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function staffWhere(filters: Omit<StaffCallFilters, "page" | "perPage" | "sort">): SQL | undefined {
  const conditions: SQL[] = [isNull(calls.mergedIntoId)];
  if (filters.state) conditions.push(eq(calls.reviewState, filters.state));
  if (filters.toReview) conditions.push(or(eq(calls.reviewState, "da-revisionare"), isNotNull(calls.pending))!);
  if (filters.fonte) {
    conditions.push(sql`EXISTS (SELECT 1 FROM ${callSources} WHERE ${callSources.callId} = ${calls.id} AND ${callSources.fonte} = ${filters.fonte})`);
  }
  const q = filters.q ? foldText(filters.q) : "";
  if (q) {
    const like = `%${escapeLike(q)}%`;
    conditions.push(
      sql`(${calls.searchText} LIKE ${like} ESCAPE '\\' OR ${calls.publicId} LIKE ${like} ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM ${callSources} WHERE ${callSources.callId} = ${calls.id} AND ${callSources.alias} LIKE ${like} ESCAPE '\\'))`,
    );
  }
  return and(...conditions);
}

export function listCallsForStaff(db: Db, filters: StaffCallFilters): { items: CallRow[]; total: number } {
  const where = staffWhere(filters);
  const total = db.select({ n: count() }).from(calls).where(where).get()?.n ?? 0;
  const order =
    filters.sort === "titolo"
      ? [asc(calls.title)]
      : filters.sort === "aggiornato"
        ? [desc(calls.updatedAt)]
        : [sql`${calls.deadline} IS NULL`, asc(calls.deadline), asc(calls.title)];
  const items = db
    .select()
    .from(calls)
    .where(where)
    .orderBy(...order, asc(calls.id))
    .limit(filters.perPage)
    .offset((filters.page - 1) * filters.perPage)
    .all();
  return { items, total };
}

export function countByReviewState(db: Db): Record<ReviewState, number> & { pendingChanges: number; toRematch: number } {
  const rows = db.select({ state: calls.reviewState, n: count() }).from(calls).where(isNull(calls.mergedIntoId)).groupBy(calls.reviewState).all();
  const result = { "da-revisionare": 0, pubblicato: 0, archiviato: 0, scartato: 0, pendingChanges: 0, toRematch: 0 };
  for (const r of rows) result[r.state] = r.n;
  result.pendingChanges = db.select({ n: count() }).from(calls).where(and(isNull(calls.mergedIntoId), isNotNull(calls.pending))).get()?.n ?? 0;
  result.toRematch = db.select({ n: count() }).from(calls).where(eq(calls.rematchPending, true)).get()?.n ?? 0;
  return result;
}

export function distinctFonti(db: Db): string[] {
  return db.selectDistinct({ fonte: callSources.fonte }).from(callSources).orderBy(asc(callSources.fonte)).all().map((r) => r.fonte);
}

/** Published calls with their aliases: the public catalogue (API, CSV, search index). */
export function publishedCallsWithSources(db: Db): { call: CallRow; sources: CallSourceRow[] }[] {
  const rows = db.select().from(calls).where(and(eq(calls.reviewState, "pubblicato"), isNull(calls.mergedIntoId))).orderBy(asc(calls.id)).all();
  const sources = rows.length ? db.select().from(callSources).where(inArray(callSources.callId, rows.map((r) => r.id))).all() : [];
  const byCall = new Map<number, CallSourceRow[]>();
  for (const s of sources) byCall.set(s.callId, [...(byCall.get(s.callId) ?? []), s]);
  return rows.map((call) => ({
    call,
    sources: (byCall.get(call.id) ?? []).sort((a, b) => a.firstSeenAt.localeCompare(b.firstSeenAt) || a.alias.localeCompare(b.alias)),
  }));
}

export interface HistoryEntry extends CallVersionRow {
  publicId: string;
  title: string;
}

/** Every recorded change, newest first (the curators' change log). */
export function changeLog(db: Db, filters: { actorType?: "fonte" | "redazione" | "sistema"; page: number; perPage: number }): { items: HistoryEntry[]; total: number } {
  const where = filters.actorType ? eq(callVersions.actorType, filters.actorType) : undefined;
  const total = db.select({ n: count() }).from(callVersions).where(where).get()?.n ?? 0;
  const items = db
    .select({ version: callVersions, publicId: calls.publicId, title: calls.title })
    .from(callVersions)
    .innerJoin(calls, eq(calls.id, callVersions.callId))
    .where(where)
    .orderBy(desc(callVersions.id))
    .limit(filters.perPage)
    .offset((filters.page - 1) * filters.perPage)
    .all()
    .map((r) => ({ ...r.version, publicId: r.publicId, title: r.title }));
  return { items, total };
}

export function countCalls(db: Db): number {
  return db.select({ n: count() }).from(calls).get()?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Matching (docs/decisions/0060-match-store.md)
// ---------------------------------------------------------------------------------------------

/** The domain `Call` of a stored call: its public id and its live content. */
export function callFromRow(row: CallRow): Call {
  return { id: row.publicId, ...rowContent(row) };
}

/**
 * Published calls (merged ones excluded), ascending by row id: what the matching engine reads.
 * `ids` restricts to those rows; `openAt` to the calls whose status at that instant is `aperto`
 * (not before their opening, not after their deadline).
 */
export function publishedCallRows(db: Db, filter: { ids?: readonly number[]; openAt?: Date } = {}): CallRow[] {
  if (filter.ids && filter.ids.length === 0) return [];
  return db
    .select()
    .from(calls)
    .where(publishedWhere(filter))
    .orderBy(asc(calls.id))
    .all();
}

/** The row ids of `publishedCallRows` (a light query: ids only). */
export function publishedCallIds(db: Db, filter: { openAt?: Date } = {}): number[] {
  return db
    .select({ id: calls.id })
    .from(calls)
    .where(publishedWhere(filter))
    .orderBy(asc(calls.id))
    .all()
    .map((r) => r.id);
}

function publishedWhere(filter: { ids?: readonly number[]; openAt?: Date }): SQL | undefined {
  const conditions: SQL[] = [eq(calls.reviewState, "pubblicato"), isNull(calls.mergedIntoId)];
  if (filter.ids) conditions.push(inArray(calls.id, [...filter.ids]));
  if (filter.openAt) {
    const at = filter.openAt.toISOString();
    conditions.push(or(isNull(calls.opensAt), sql`${calls.opensAt} <= ${at}`)!, or(isNull(calls.deadline), sql`${calls.deadline} >= ${at}`)!);
  }
  return and(...conditions);
}
