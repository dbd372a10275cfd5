import type { Db } from "~db/client.server";

/**
 * The revision number of what public pages show: bumped by triggers (migration
 * 0008_content_revision) on every write to the tables a comune's dashboard reads, by any
 * connection or process. One primary-key read with a statement prepared once per connection.
 */
type Statement = { get(): unknown };
const statements = new WeakMap<object, Statement>();

export function contentRevision(db: Db): number {
  let s = statements.get(db.$client);
  if (!s) {
    s = db.$client.prepare("SELECT value FROM content_revision WHERE id = 1").pluck();
    statements.set(db.$client, s);
  }
  return (s.get() as number | undefined) ?? 0;
}

/** The tables whose writes bump the revision (kept in step with the migration; checked by a test). */
export const REVISION_TABLES = [
  "comuni",
  "aggregations",
  "aggregation_members",
  "themes",
  "calls",
  "call_sources",
  "programme_items",
  "maturity_entries",
  "funding_records",
  "peer_comparisons",
  "match_runs",
  "scoring_configs",
  "dismissals",
  "call_tracking",
  "text_models",
  "call_vectors",
  "programme_item_vectors",
] as const;
