import type { RunReject } from "~db/schema/runs";

/**
 * The contract between source adapters and the ingestion pipeline.
 *
 * Every adapter reads its source's real format and emits calls in the canonical interchange
 * shape of API.md (`bando-json` items, Italian keys). Values may still be raw — the pipeline
 * validates (zod), normalises and tags them:
 *   - dates as ISO-like strings ("2026-03-31", "2026-03-31T12:00", "2026-09-07T00:00:00.000",
 *     "2026-04-29T00:00:00.000+0000"): Rome local time unless an offset is given;
 *   - amounts as numbers or Italian text ("1.234.567,50", "€ 15.000");
 *   - `temi` may be empty: the pipeline tags themes from the text;
 *   - `descrizione` may hold source HTML: the pipeline reduces it to safe text.
 */

export const SOURCE_KEYS = [
  "bando-json",
  "padigitale2026-avvisi",
  "regione-lombardia",
  "incentivi-gov",
  "eu-sedia",
  "rss",
  "csv-template",
  "xlsx-template",
] as const;
export type SourceKey = (typeof SOURCE_KEYS)[number];

export type RawAmount = number | string | null;

export interface RawCall {
  idFonte: string;
  titolo: string;
  ente: string;
  livelloEnte?: string | null;
  descrizione?: string | null;
  url?: string | null;
  temi?: string[];
  beneficiari: string[];
  territorio?: { regioni?: string[]; province?: string[]; comuni?: string[] } | null;
  popolazioneMin?: RawAmount;
  popolazioneMax?: RawAmount;
  /** Size clusters the call is reserved to (`piccolo`, `medio`, `grande`); empty = every size. */
  fasce?: string[] | null;
  soloFormaAssociata?: boolean | null;
  dotazione?: RawAmount;
  importoMin?: RawAmount;
  importoMax?: RawAmount;
  importiPerFascia?: { popolazioneMin: RawAmount; popolazioneMax: RawAmount; importo: RawAmount }[] | null;
  cofinanziamentoPct?: RawAmount;
  apertura?: string | null;
  scadenza?: string | null;
  procedura?: string | null;
  misuraPnrr?: string | null;
  /**
   * Notes for curators (never facts): e.g. an RSS adapter that found "scadenza 31 marzo" in the
   * text puts the suggestion here instead of in `scadenza`.
   */
  suggerimenti?: string[];
}

/** Where an item came from in its input: a 1-based line (CSV) or a 0-based index (JSON, XML). */
export interface SourcePosition {
  line?: number;
  index?: number;
}

export interface ParsedSource {
  /** The `<fonte>` part of the calls' ids: the file's `fonte` for bando-json, else the source key. */
  fonte: string;
  items: { position: SourcePosition; call: RawCall }[];
  /** Items the adapter could not turn into a call, with line/index, field and reason. */
  rejects: RunReject[];
  /** Items read from the input (before filtering and rejects). */
  read: number;
  /** Items left out on purpose (e.g. business-only incentives), with a count per reason. */
  skipped?: Record<string, number>;
}

export interface AdapterContext {
  /** Input name for messages (file name or URL); never used as a path. */
  file: string;
  now: Date;
}

export interface SourceAdapter {
  readonly source: SourceKey;
  readonly label: string;
  /** Media types accepted for uploads and `--url` downloads. */
  readonly mediaTypes: readonly string[];
  /** Throws InputError when the input cannot be read at all (nothing is written then). */
  parse(input: Uint8Array, context: AdapterContext): ParsedSource | Promise<ParsedSource>;
}
