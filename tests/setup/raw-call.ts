import { expect } from "vitest";
import { ISSUER_LEVELS, PROCEDURES } from "~/domain/call";
import { isBeneficiaryKey, isThemeKey } from "~/domain/taxonomy";
import { parseRomeDateTime } from "~/domain/time";
import type { AdapterContext, ParsedSource, RawCall } from "~/ingestion/types";
import { InputError } from "~/lib/errors";

/**
 * The self-check of adapter output while the pipeline is written in parallel: every call has
 * the required fields of API.md, only keys of `RawCall`, valid theme/beneficiary/level keys,
 * dates the pipeline can read, safe URLs; every reject says where and why.
 */
export const RAW_CALL_KEYS = new Set<string>([
  "idFonte", "titolo", "ente", "livelloEnte", "descrizione", "url", "temi", "beneficiari", "territorio",
  "popolazioneMin", "popolazioneMax", "soloFormaAssociata", "dotazione", "importoMin", "importoMax",
  "importiPerFascia", "cofinanziamentoPct", "apertura", "scadenza", "procedura", "misuraPnrr", "suggerimenti",
] satisfies (keyof RawCall)[]);

const isText = (v: unknown) => typeof v === "string" && v.trim() !== "";
const isAmount = (v: unknown) => v === null || v === undefined || (typeof v === "number" && Number.isFinite(v) && v >= 0) || typeof v === "string";

export function rawCallProblems(call: RawCall): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(call)) if (!RAW_CALL_KEYS.has(key)) problems.push(`chiave sconosciuta ${key}`);
  if (!isText(call.idFonte)) problems.push("idFonte mancante");
  if (!isText(call.titolo)) problems.push("titolo mancante");
  if (!isText(call.ente)) problems.push("ente mancante");
  if (!Array.isArray(call.beneficiari)) problems.push("beneficiari non è un array");
  else for (const b of call.beneficiari) if (!isBeneficiaryKey(b)) problems.push(`beneficiario ${b}`);
  if (call.temi !== undefined) {
    if (!Array.isArray(call.temi)) problems.push("temi non è un array");
    else for (const t of call.temi) if (!isThemeKey(t)) problems.push(`tema ${t}`);
  }
  if (call.livelloEnte != null && !(ISSUER_LEVELS as readonly string[]).includes(call.livelloEnte)) problems.push("livelloEnte");
  if (call.procedura != null && !(PROCEDURES as readonly string[]).includes(call.procedura)) problems.push("procedura");
  if (call.apertura != null && !parseRomeDateTime(call.apertura, "start")) problems.push(`apertura ${call.apertura}`);
  if (call.scadenza != null && !parseRomeDateTime(call.scadenza, "end")) problems.push(`scadenza ${call.scadenza}`);
  if (call.url != null && !/^https?:\/\//.test(call.url)) problems.push(`url ${call.url}`);
  for (const key of ["dotazione", "importoMin", "importoMax", "popolazioneMin", "popolazioneMax", "cofinanziamentoPct"] as const) {
    if (!isAmount(call[key])) problems.push(key);
  }
  if (call.misuraPnrr != null && !/^M\dC\d-\d+(\.\d+)*$/.test(call.misuraPnrr)) problems.push(`misuraPnrr ${call.misuraPnrr}`);
  if (call.territorio != null) {
    for (const [key, list] of Object.entries(call.territorio)) {
      if (!["regioni", "province", "comuni"].includes(key) || !Array.isArray(list)) problems.push(`territorio.${key}`);
    }
    for (const code of call.territorio.regioni ?? []) if (!/^\d{2}$/.test(code)) problems.push(`regione ${code}`);
  }
  if (call.suggerimenti !== undefined && !(Array.isArray(call.suggerimenti) && call.suggerimenti.every(isText))) {
    problems.push("suggerimenti");
  }
  return problems;
}

/** Asserts the whole ParsedSource keeps the contract. */
export function expectValidSource(result: ParsedSource): void {
  expect(isText(result.fonte)).toBe(true);
  expect(result.read).toBeGreaterThanOrEqual(0);
  const skipped = Object.values(result.skipped ?? {}).reduce((a, b) => a + b, 0);
  expect(result.items.length + result.rejects.length + skipped).toBeLessThanOrEqual(result.read);
  const ids = new Set<string>();
  for (const { call, position } of result.items) {
    expect(rawCallProblems(call), JSON.stringify(call)).toEqual([]);
    expect(position.line !== undefined || position.index !== undefined).toBe(true);
    expect(ids.has(call.idFonte)).toBe(false);
    ids.add(call.idFonte);
  }
  for (const reject of result.rejects) {
    expect(isText(reject.reason)).toBe(true);
    expect(reject.line !== undefined || reject.index !== undefined).toBe(true);
  }
}

/**
 * Runs a parser on an input and accepts only two outcomes: a valid ParsedSource or InputError.
 * Anything else thrown (TypeError, RangeError, a parser's own error) fails the property.
 */
export async function expectDataOrInputError(
  parse: (input: Uint8Array, context: AdapterContext) => ParsedSource | Promise<ParsedSource>,
  input: Uint8Array,
): Promise<void> {
  let result: ParsedSource;
  try {
    result = await parse(input, { file: "fc-input", now: new Date("2026-05-01T10:00:00Z") });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    return;
  }
  expectValidSource(result);
}

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
export const NOW = new Date("2026-05-01T10:00:00Z");
export const context = (file: string): AdapterContext => ({ file, now: NOW });
export const FC_OPTIONS = { numRuns: 1000, seed: 20261123 } as const;
