import type { SourceAdapter, SourceKey } from "../types";
import { euSediaAdapter } from "./eu-sedia";
import { incentiviGovAdapter } from "./incentivi-gov";
import { padigitale2026AvvisiAdapter } from "./padigitale2026-avvisi";
import { regioneLombardiaAdapter } from "./regione-lombardia";
import { rssAdapter } from "./rss";
import { bandoJsonAdapter } from "./bando-json";
import { csvTemplateAdapter } from "./csv-template";
import { xlsxTemplateAdapter } from "./xlsx-template";

/**
 * The registry of source adapters, one module per source (API.md "Sources").
 * Each adapter module adds exactly one line here.
 */
export const ADAPTERS: Partial<Record<SourceKey, SourceAdapter>> = {
  "padigitale2026-avvisi": padigitale2026AvvisiAdapter,
  "regione-lombardia": regioneLombardiaAdapter,
  "incentivi-gov": incentiviGovAdapter,
  "eu-sedia": euSediaAdapter,
  rss: rssAdapter,
  "bando-json": bandoJsonAdapter,
  "csv-template": csvTemplateAdapter,
  "xlsx-template": xlsxTemplateAdapter,
};

export function adapterFor(source: string): SourceAdapter | undefined {
  // Own keys only: "toString" or "__proto__" must not reach Object.prototype.
  return Object.prototype.hasOwnProperty.call(ADAPTERS, source) ? (ADAPTERS as Record<string, SourceAdapter>)[source] : undefined;
}
