import { CALL_FIELD_NAMES, changedFields, type CallContent, type CallField } from "./call-content";

/**
 * How a source's new data meets a call's current content (docs/decisions/0010-call-model.md).
 * Pure.
 *
 * - A source that changed some fields since its previous version updates exactly those fields:
 *   data another source contributed, and fields a curator edited (locked), stay as they are.
 * - A source newly attached to a call (a duplicate merged in) only fills fields the call lacks.
 */

export interface SourceUpdate {
  content: CallContent;
  /** Fields the source changed that a curator's edit kept from being updated. */
  lockedSkipped: CallField[];
}

function assign<F extends CallField>(target: CallContent, source: CallContent, field: F): void {
  target[field] = structuredClone(source[field]);
}

export function applySourceUpdate(
  current: CallContent,
  previous: CallContent,
  incoming: CallContent,
  locked: ReadonlySet<CallField>,
): SourceUpdate {
  const next = structuredClone(current);
  const lockedSkipped: CallField[] = [];
  for (const field of changedFields(previous, incoming)) {
    if (locked.has(field)) lockedSkipped.push(field);
    else assign(next, incoming, field);
  }
  return { content: next, lockedSkipped };
}

export function isEmptyValue(content: CallContent, field: CallField): boolean {
  const value = content[field];
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (field === "territory") {
    const t = content.territory;
    return t.regions.length + t.provinces.length + t.comuni.length === 0;
  }
  if (field === "associatedOnly") return value === false;
  return false;
}

export function fillMissing(current: CallContent, incoming: CallContent, locked: ReadonlySet<CallField>): CallContent {
  const next = structuredClone(current);
  for (const field of CALL_FIELD_NAMES) {
    if (locked.has(field)) continue;
    if (isEmptyValue(current, field) && !isEmptyValue(incoming, field)) assign(next, incoming, field);
  }
  return next;
}

/** Keeps the locked fields of `live` over a proposed content (approving a change after curator edits). */
export function keepLocked(proposed: CallContent, live: CallContent, locked: ReadonlySet<CallField>): CallContent {
  const next = structuredClone(proposed);
  for (const field of locked) assign(next, live, field);
  return next;
}
