import type { SourceAdapter, SourceKey } from "../types";
import { bandoJsonAdapter } from "./bando-json";
import { csvTemplateAdapter } from "./csv-template";
import { xlsxTemplateAdapter } from "./xlsx-template";

/**
 * The registry of source adapters, one module per source (API.md "Sources").
 * Each adapter module adds exactly one line here.
 */
export const ADAPTERS: Partial<Record<SourceKey, SourceAdapter>> = {
  "bando-json": bandoJsonAdapter,
  "csv-template": csvTemplateAdapter,
  "xlsx-template": xlsxTemplateAdapter,
};

export function adapterFor(source: string): SourceAdapter | undefined {
  return (ADAPTERS as Record<string, SourceAdapter | undefined>)[source];
}
