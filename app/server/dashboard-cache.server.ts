import type { Db } from "~db/client.server";
import { catalogueValidUntil } from "~/data/calls-search.server";
import { contentRevision } from "~/data/content-revision.server";
import { createPageCache, type PageCache } from "./page-cache.server";

const DASHBOARD = /^\/comuni\/(\d{6})$/;

/**
 * The cache key of a comune's dashboard for anonymous visitors: the path and the page of the
 * opportunities list (the only parameter the page reads); null for anything else, so that a
 * request with other parameters is rendered, never stored (no cache filling with junk keys).
 */
export function dashboardCacheKey(path: string, query: URLSearchParams): string | null {
  const m = DASHBOARD.exec(path);
  if (!m) return null;
  let page = 1;
  for (const [name, value] of query) {
    if (name !== "page" || !/^[1-9]\d{0,3}$/.test(value)) return null;
    page = Number(value);
  }
  return page === 1 ? `/comuni/${m[1]}` : `/comuni/${m[1]}?page=${page}`;
}

/** The anonymous dashboards' cache over the database's content revision and the catalogue's clock. */
export function dashboardPageCache(db: Db, maxBytes: number): PageCache {
  return createPageCache({
    key: dashboardCacheKey,
    revision: () => contentRevision(db),
    validUntil: (now) => catalogueValidUntil(db, now),
    maxBytes,
  });
}
