import { decodeText } from "~/lib/csv";
import { InputError } from "~/lib/errors";
import type { RunReject } from "~db/schema/runs";
import type { ParsedSource, RawCall, SourceAdapter } from "../types";

/**
 * `bando-json`: the canonical interchange format of API.md — `{"fonte": "...", "bandi": [...]}`.
 * Items keep their raw values (the pipeline validates them); an item that is not an object is
 * rejected with its index. The file's `fonte` becomes the first part of every call id.
 */

export const MAX_JSON_ITEMS = 100_000;

export function parseBandoJson(input: Uint8Array | string, file = "bandi.json"): ParsedSource {
  const text = decodeText(input, "utf-8");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new InputError(`JSON non valido: ${(error as Error).message}`, { file });
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new InputError('il file deve essere un oggetto {"fonte": …, "bandi": […]}', { file });
  }
  const { fonte, bandi } = doc as { fonte?: unknown; bandi?: unknown };
  if (typeof fonte !== "string" || fonte.trim() === "") {
    throw new InputError('manca "fonte" (testo) a livello di file', { file, field: "fonte" });
  }
  if (!Array.isArray(bandi)) throw new InputError('manca "bandi" (elenco dei bandi)', { file, field: "bandi" });
  if (bandi.length > MAX_JSON_ITEMS) throw new InputError(`troppi bandi nel file (${bandi.length}, massimo ${MAX_JSON_ITEMS})`, { file });

  const items: ParsedSource["items"] = [];
  const rejects: RunReject[] = [];
  bandi.forEach((item: unknown, index) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      rejects.push({ index, reason: "l'elemento non è un oggetto" });
      return;
    }
    const call = { ...(item as Record<string, unknown>) };
    // Numeric ids are common in hand-written files: "idFonte": 17 is the id "17".
    if (typeof call.idFonte === "number" && Number.isFinite(call.idFonte)) call.idFonte = String(call.idFonte);
    items.push({ position: { index }, call: call as unknown as RawCall });
  });
  return { fonte: fonte.trim().toLowerCase(), items, rejects, read: bandi.length };
}

export const bandoJsonAdapter: SourceAdapter = {
  source: "bando-json",
  label: "Formato canonico bando-json (API.md)",
  mediaTypes: ["application/json", "text/json", "text/plain"],
  parse: (input, context) => parseBandoJson(input, context.file),
};
