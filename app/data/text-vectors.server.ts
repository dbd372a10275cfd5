import { createHash } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { callVectors, programmeItemVectors, programmeItems, textModels } from "~db/schema";
import {
  type SerializedTextModel,
  type SparseVector,
  type TextField,
  type TextModel,
  deserializeTextModel,
  serializeTextModel,
} from "~/domain/matching";

/**
 * The persisted text model and the precomputed vectors of calls and programme items
 * (docs/decisions/0051, 0060). A vector records the SHA-1 of the text it was computed from and
 * of the model: when either differs it is stale and is computed again.
 */

const MODEL_ID = 1;

export interface StoredTextModel {
  model: TextModel;
  hash: string;
  builtAt: string;
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** Hash of the text fields a vector is computed from (text and weight of each). */
export function textFieldsHash(fields: readonly TextField[]): string {
  return sha1(fields.map((f) => `${f.weight}\u0001${f.text ?? ""}`).join("\u0000"));
}

export function textModelHash(serialized: SerializedTextModel): string {
  return sha1(JSON.stringify(serialized));
}

export function loadTextModel(db: Db): StoredTextModel | undefined {
  const row = db.select().from(textModels).where(eq(textModels.id, MODEL_ID)).get();
  if (!row) return undefined;
  return { model: deserializeTextModel(JSON.parse(row.data) as SerializedTextModel), hash: row.hash, builtAt: row.builtAt };
}

/** Stores the model (replacing the previous one); returns its hash. Call inside the re-match transaction. */
export function saveTextModel(db: Db, model: TextModel, now: Date): string {
  const serialized = serializeTextModel(model);
  const hash = textModelHash(serialized);
  const values = { hash, version: serialized.version, documents: serialized.documents, data: JSON.stringify(serialized), builtAt: now.toISOString() };
  db.insert(textModels)
    .values({ id: MODEL_ID, ...values })
    .onConflictDoUpdate({ target: textModels.id, set: values })
    .run();
  return hash;
}

/** A vector as a BLOB: n float64 weights then n uint32 term hashes, little-endian. */
export function packVectorBlob(vector: SparseVector): Buffer {
  const n = vector.terms.length;
  const buffer = Buffer.alloc(n * 12);
  for (let i = 0; i < n; i++) {
    buffer.writeDoubleLE(vector.weights[i] as number, i * 8);
    buffer.writeUInt32LE(vector.terms[i] as number, n * 8 + i * 4);
  }
  return buffer;
}

export function unpackVectorBlob(blob: Uint8Array): SparseVector {
  const n = Math.floor(blob.length / 12);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const terms = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    weights[i] = view.getFloat64(i * 8, true);
    terms[i] = view.getUint32(n * 8 + i * 4, true);
  }
  return { terms, weights };
}

export interface StoredVector {
  textHash: string;
  modelHash: string;
  vector: SparseVector;
}

const CHUNK = 900;

function chunks<T>(values: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) result.push(values.slice(i, i + CHUNK));
  return result;
}

/** Stored call vectors by call row id (all, or those of `ids`). */
export function callVectorsById(db: Db, ids?: readonly number[]): Map<number, StoredVector> {
  const rows = ids
    ? chunks(ids).flatMap((chunk) => db.select().from(callVectors).where(inArray(callVectors.callId, chunk)).all())
    : db.select().from(callVectors).all();
  return new Map(rows.map((r) => [r.callId, { textHash: r.textHash, modelHash: r.modelHash, vector: unpackVectorBlob(r.vector) }]));
}

/** Stored programme-item vectors by item id (all, or those of the items of `istats`). */
export function itemVectorsById(db: Db, istats?: readonly string[]): Map<number, StoredVector> {
  const select = () =>
    db
      .select({ itemId: programmeItemVectors.itemId, textHash: programmeItemVectors.textHash, modelHash: programmeItemVectors.modelHash, vector: programmeItemVectors.vector })
      .from(programmeItemVectors);
  const rows = istats
    ? chunks(istats).flatMap((chunk) =>
        select()
          .innerJoin(programmeItems, eq(programmeItems.id, programmeItemVectors.itemId))
          .where(inArray(programmeItems.istat, chunk))
          .all(),
      )
    : select().all();
  return new Map(rows.map((r) => [r.itemId, { textHash: r.textHash, modelHash: r.modelHash, vector: unpackVectorBlob(r.vector) }]));
}

export interface VectorWrite {
  id: number;
  textHash: string;
  modelHash: string;
  vector: SparseVector;
}

/** Writes call vectors (insert or replace). Call inside the re-match transaction. */
export function saveCallVectors(db: Db, entries: readonly VectorWrite[]): void {
  const statement = db.$client.prepare("INSERT OR REPLACE INTO call_vectors (call_id, text_hash, model_hash, vector) VALUES (?, ?, ?, ?)");
  for (const e of entries) statement.run(e.id, e.textHash, e.modelHash, packVectorBlob(e.vector));
}

/** Writes programme-item vectors (insert or replace). Call inside the re-match transaction. */
export function saveItemVectors(db: Db, entries: readonly VectorWrite[]): void {
  const statement = db.$client.prepare("INSERT OR REPLACE INTO programme_item_vectors (item_id, text_hash, model_hash, vector) VALUES (?, ?, ?, ?)");
  for (const e of entries) statement.run(e.id, e.textHash, e.modelHash, packVectorBlob(e.vector));
}
