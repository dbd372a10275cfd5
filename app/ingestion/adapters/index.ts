import type { SourceAdapter, SourceKey } from "../types";

/**
 * The registry of source adapters, one module per source (API.md "Sources").
 * Each adapter module adds exactly one line here.
 */
export const ADAPTERS: Partial<Record<SourceKey, SourceAdapter>> = {};

export function adapterFor(source: string): SourceAdapter | undefined {
  return (ADAPTERS as Record<string, SourceAdapter | undefined>)[source];
}
