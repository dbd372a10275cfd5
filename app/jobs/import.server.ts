import { writeTransaction, type Db } from "~db/client.server";
import { completeRun, failRun, startRun, type RunCounts } from "~/data/runs.server";
import { logSecurityEvent } from "~/data/security-log.server";
import { IMPORT_KINDS, type ImportContext } from "~/imports/registry.server";
import type { RunReject } from "~/imports/types";
import { InputError } from "~/lib/errors";

export interface RunSummary extends RunCounts {
  runId: number;
  kind: string;
  input: string;
  status: "completato" | "fallito";
  details: Record<string, unknown>;
  error?: string;
}

/** Above this share of rejected rows (and at least MIN_REJECTS of them) a file is refused whole. */
export const MAX_REJECT_SHARE = 0.25;
const MIN_REJECTS = 20;

class RefusedInput extends Error {}

export function tooManyRejects(rejected: number, read: number): boolean {
  return rejected >= MIN_REJECTS && rejected > read * MAX_REJECT_SHARE;
}

/**
 * One import run: parse, then apply every good row in a single immediate transaction that also
 * marks the run completed. Bad rows are reported with line and field; a file that cannot be read
 * at all, or has too many bad rows, changes nothing and leaves a failed run with the reason.
 */
export function runImport(
  db: Db,
  params: { kind: string; content: Uint8Array; input: string; context?: Partial<ImportContext> },
): RunSummary {
  const summary = applyImport(db, params);
  // Imports are security-logged (SECURITY.md 27): who, which kind, which run, the outcome.
  logSecurityEvent(db, {
    actor: params.context?.actor ?? "cli",
    action: "import",
    target: `run:${summary.runId} tipo:${summary.kind} esito:${summary.status}`,
  });
  return summary;
}

function applyImport(
  db: Db,
  params: { kind: string; content: Uint8Array; input: string; context?: Partial<ImportContext> },
): RunSummary {
  const definition = IMPORT_KINDS[params.kind];
  if (!definition) throw new Error(`tipo di import sconosciuto: ${params.kind}`);
  const context: ImportContext = { now: new Date(), ...params.context };
  const runId = startRun(db, { type: "import", kind: params.kind, input: params.input, actor: context.actor });
  const base = { runId, kind: params.kind, input: params.input };

  let parsed: ReturnType<typeof definition.parse>;
  try {
    parsed = definition.parse(params.content, params.input);
  } catch (error) {
    const message = error instanceof InputError ? error.describe() : `errore imprevisto: ${String(error)}`;
    failRun(db, runId, message);
    return { ...base, status: "fallito", read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, rejects: [], details: {}, error: message };
  }

  let rejects: RunReject[] = [...parsed.rejects];
  try {
    const result = writeTransaction(db, (tx) => {
      if (tooManyRejects(rejects.length, parsed.read)) {
        throw new RefusedInput(`file rifiutato: ${rejects.length} righe scartate su ${parsed.read}`);
      }
      const applied = definition.apply(tx, parsed.records, context);
      rejects = [...rejects, ...(applied.rejects ?? [])].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      if (tooManyRejects(rejects.length, parsed.read)) {
        throw new RefusedInput(`file rifiutato: ${rejects.length} righe scartate su ${parsed.read}`);
      }
      const counts = {
        read: parsed.read,
        created: applied.created,
        updated: applied.updated,
        unchanged: applied.unchanged,
        rejected: rejects.length,
        rejects,
        details: applied.details ?? {},
      };
      completeRun(tx, runId, counts);
      return counts;
    });
    return { ...base, status: "completato", ...result };
  } catch (error) {
    const message = error instanceof RefusedInput || error instanceof InputError ? error.message : `errore imprevisto: ${String(error)}`;
    failRun(db, runId, message, { read: parsed.read, rejected: rejects.length, rejects });
    return {
      ...base,
      status: "fallito",
      read: parsed.read,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: rejects.length,
      rejects,
      details: {},
      error: message,
    };
  }
}
