import { writeTransaction, type Db } from "~db/client.server";
import type { RunReject } from "~db/schema/runs";
import { applyIngestItems, type IngestItem } from "~/data/calls.server";
import { completeRun, failRun, startRun } from "~/data/runs.server";
import { themeRules } from "~/data/themes.server";
import { normaliseRawCall } from "~/domain/call-input";
import { tagThemes, type ThemeRule } from "~/domain/theme-tagging";
import { tooManyRejects, type RunSummary } from "~/jobs/import.server";
import { InputError } from "~/lib/errors";
import { adapterFor } from "./adapters";
import { htmlToText } from "./html.server";
import type { ParsedSource, SourcePosition } from "./types";

/**
 * One ingestion run (API.md `npm run ingest`): read → adapter.parse → validate (zod) →
 * normalise → tag themes → find duplicates → store in ONE immediate transaction → record the
 * run. Nothing is written but a failed run when the input cannot be read, or when too many
 * items are rejected (app/jobs/import.server.ts `tooManyRejects`).
 */

export interface IngestParams {
  source: string;
  content: Uint8Array;
  /** File name or URL, for messages only (never used as a path). */
  input: string;
  publish?: boolean;
  actor?: string | null;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

export interface IngestSummary extends RunSummary {
  source: string;
}

export interface PreparedItems {
  fonte: string;
  items: IngestItem[];
  rejects: RunReject[];
  warnings: RunReject[];
  read: number;
  skipped: Record<string, number>;
}

function where(position: SourcePosition): Pick<RunReject, "line" | "index"> {
  return position.line !== undefined ? { line: position.line } : { index: position.index ?? 0 };
}

const FONTE_RE = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** Validation, normalisation and tagging of a parsed source: the pure middle of the pipeline. */
export function prepareItems(parsed: ParsedSource, rules: readonly ThemeRule[]): PreparedItems {
  if (!FONTE_RE.test(parsed.fonte)) {
    throw new InputError(`fonte non valida "${parsed.fonte.slice(0, 60)}": lettere minuscole, cifre e trattini`, { field: "fonte" });
  }
  const rejects: RunReject[] = [...parsed.rejects];
  const warnings: RunReject[] = [];
  const items: IngestItem[] = [];
  const seen = new Map<string, SourcePosition>();
  for (const { position, call } of parsed.items) {
    const result = normaliseRawCall(call, { htmlToText });
    if (!result.ok) {
      rejects.push({ ...where(position), ...(result.problem.field ? { field: result.problem.field } : {}), reason: result.problem.reason });
      continue;
    }
    const { item } = result;
    const first = seen.get(item.sourceId);
    if (first) {
      const at = first.line !== undefined ? `riga ${first.line}` : `elemento ${first.index ?? 0}`;
      rejects.push({ ...where(position), field: "idFonte", reason: `idFonte "${item.sourceId}" ripetuto (già a ${at})` });
      continue;
    }
    seen.set(item.sourceId, position);
    for (const w of item.warnings) warnings.push({ ...where(position), field: w.field, reason: w.reason });
    const themes = item.themesGiven ? item.content.themes : tagThemes({ title: item.content.title, description: item.content.description }, rules);
    items.push({
      sourceId: item.sourceId,
      content: { ...item.content, themes },
      themesSource: item.themesGiven ? "fonte" : "auto",
      suggestions: item.suggestions,
    });
  }
  rejects.sort((a, b) => (a.line ?? a.index ?? 0) - (b.line ?? b.index ?? 0));
  return { fonte: parsed.fonte, items, rejects, warnings, read: parsed.read, skipped: parsed.skipped ?? {} };
}

class RefusedInput extends Error {}

export async function runIngest(db: Db, params: IngestParams): Promise<IngestSummary> {
  const adapter = adapterFor(params.source);
  if (!adapter) throw new Error(`fonte sconosciuta: ${params.source}`);
  const now = params.now ?? new Date();
  const runId = startRun(db, { type: "ingest", kind: params.source, input: params.input, actor: params.actor ?? null });
  let parsed: ParsedSource;
  try {
    parsed = await adapter.parse(params.content, { file: params.input, now });
  } catch (error) {
    return failedRun(db, runId, params, readFailure(error));
  }
  return storeParsed(db, runId, parsed, { ...params, now });
}

/** The synchronous rest of a run, for inputs already parsed (the first-start demo seed). */
export function ingestParsedSync(db: Db, parsed: ParsedSource, params: Omit<IngestParams, "content">): IngestSummary {
  const runId = startRun(db, { type: "ingest", kind: params.source, input: params.input, actor: params.actor ?? null });
  return storeParsed(db, runId, parsed, { ...params, now: params.now ?? new Date() });
}

function readFailure(error: unknown): string {
  if (error instanceof InputError) return error.describe();
  return `errore imprevisto nella lettura: ${error instanceof Error ? error.message : String(error)}`;
}

function failedRun(db: Db, runId: number, params: Pick<IngestParams, "source" | "input">, message: string, counts: { read?: number; rejects?: RunReject[] } = {}): IngestSummary {
  failRun(db, runId, message, { read: counts.read ?? 0, rejected: counts.rejects?.length ?? 0, rejects: counts.rejects ?? [] });
  return {
    runId,
    kind: params.source,
    source: params.source,
    input: params.input,
    status: "fallito",
    read: counts.read ?? 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: counts.rejects?.length ?? 0,
    rejects: counts.rejects ?? [],
    details: {},
    error: message,
  };
}

function storeParsed(db: Db, runId: number, parsed: ParsedSource, params: Omit<IngestParams, "content"> & { now: Date }): IngestSummary {
  let prepared: PreparedItems;
  try {
    prepared = prepareItems(parsed, themeRules(db));
  } catch (error) {
    return failedRun(db, runId, params, readFailure(error));
  }
  const { items, rejects, warnings, read } = prepared;
  try {
    const result = writeTransaction(db, (tx) => {
      if (tooManyRejects(rejects.length, read)) {
        throw new RefusedInput(`file rifiutato: ${rejects.length} elementi scartati su ${read}`);
      }
      const outcome = applyIngestItems(tx, items, {
        fonte: prepared.fonte,
        adapter: params.source,
        runId,
        publish: params.publish ?? false,
        now: params.now,
        onProgress: params.onProgress,
      });
      const counts = {
        read,
        created: outcome.created,
        updated: outcome.updated,
        unchanged: outcome.unchanged,
        rejected: rejects.length,
        rejects,
        details: {
          fonte: prepared.fonte,
          publish: params.publish ?? false,
          merged: outcome.merged,
          pending: outcome.pending,
          published: outcome.published,
          skipped: prepared.skipped,
          warnings: warnings.map(describeWarning),
        },
      };
      completeRun(tx, runId, counts);
      return counts;
    });
    return { runId, kind: params.source, source: params.source, input: params.input, status: "completato", ...result };
  } catch (error) {
    const message = error instanceof RefusedInput ? error.message : `errore imprevisto: ${error instanceof Error ? error.message : String(error)}`;
    return failedRun(db, runId, params, message, { read, rejects });
  }
}

function describeWarning(w: RunReject): string {
  const at = w.line !== undefined ? `riga ${w.line}` : `elemento ${w.index ?? 0}`;
  return `${at}${w.field ? ` [${w.field}]` : ""}: ${w.reason}`;
}
