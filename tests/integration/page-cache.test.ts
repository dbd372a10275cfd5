import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { REVISION_TABLES, contentRevision } from "~/data/content-revision.server";
import { dashboardCacheKey } from "~/server/dashboard-cache.server";
import { makeUser, serverWithDb, sessionCookieFor } from "../setup/accounts";

/**
 * The anonymous dashboards' cache in the production server (docs/decisions/0074): pages are
 * kept while the data they read is unchanged, writes from any connection end them, a visitor
 * with a session never sees a cached page.
 */

/** Tables whose writes do not change what an anonymous visitor sees on a comune's dashboard. */
const NOT_ON_PUBLIC_PAGES: Record<string, string> = {
  __drizzle_migrations: "migrations",
  content_revision: "the revision itself",
  matches: "written only inside a match run: the match_runs row bumps the revision",
  call_versions: "history shown on the call page, not on the dashboard",
  ingest_sources: "curators' configuration",
  runs: "import log",
  users: "accounts",
  user_comuni: "accounts",
  sessions: "accounts",
  security_log: "accounts",
  user_tokens: "accounts",
  outbox: "mail",
  mail_suppressions: "mail",
  settings: "catalogue revision: always written with calls",
  call_tracking_events: "history shown only to the comune's staff",
  alert_subscriptions: "alerts",
  alert_ledger: "alerts",
  alert_digest_items: "alerts",
  alert_cursors: "alerts",
  alert_runs: "alerts",
  notifications: "alerts",
};

describe("page cache of the comuni dashboards (production server)", () => {
  const ctx = serverWithDb();
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(ctx.server.url + path, { headers });
    return { status: res.status, cache: res.headers.get("x-page-cache"), html: await res.text() };
  };

  it("every table either bumps the content revision by trigger or is declared as not shown", () => {
    const tables = ctx.db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).map((t) => t.name);
    const triggers = new Set(ctx.db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'trigger'`).map((t) => t.name));
    for (const table of tables) {
      if (table in NOT_ON_PUBLIC_PAGES) continue;
      expect(REVISION_TABLES as readonly string[], `${table}: add it to migration 0008's triggers or to NOT_ON_PUBLIC_PAGES`).toContain(table);
    }
    for (const table of REVISION_TABLES) {
      for (const op of ["insert", "update", "delete"]) expect(triggers.has(`content_revision_${table}_${op}`), `${table} ${op}`).toBe(true);
    }
  });

  it("renders a dashboard once and serves it again until a write changes what it shows", async () => {
    const first = await page("/comuni/016024");
    expect(first.status).toBe(200);
    expect(first.cache).toBe("miss");
    await new Promise((r) => setTimeout(r, 100)); // stored once compressed, off the event loop
    const second = await page("/comuni/016024");
    expect(second.cache).toBe("hit");
    expect(second.html).toContain("<h1 class=\"mb-1\">Bergamo</h1>");

    // Another connection (as the ingest CLI or a curator's action would) renames the comune.
    const before = contentRevision(ctx.db);
    ctx.db.run(sql`UPDATE comuni SET name = 'Bergamo Città' WHERE istat = '016024'`);
    expect(contentRevision(ctx.db)).toBe(before + 1);
    const renamed = await page("/comuni/016024");
    expect(renamed.cache).toBe("miss");
    expect(renamed.html).toContain("Bergamo Città");
    ctx.db.run(sql`UPDATE comuni SET name = 'Bergamo' WHERE istat = '016024'`);
  });

  it("a match run ends the cached pages (the matches themselves carry no trigger)", async () => {
    await page("/comuni/015146");
    await new Promise((r) => setTimeout(r, 100));
    expect((await page("/comuni/015146")).cache).toBe("hit");
    // A failed run record is enough to show the trigger (a real run inserts then updates it).
    ctx.db.run(
      sql`INSERT INTO match_runs (kind, "trigger", status, started_at, finished_at, evaluated_at, engine_version, config_revision, config_fingerprint, version_tag, error)
          VALUES ('incrementale', 'test', 'fallito', '2026-11-23T10:00:00Z', '2026-11-23T10:00:00Z', '2026-11-23T10:00:00Z', 'test', 1, 'test', 'test', 'prova')`,
    );
    expect((await page("/comuni/015146")).cache).toBe("miss");
  });

  it("never serves a cached page to a visitor with a session, nor stores pages with other parameters", async () => {
    await page("/comuni/017029");
    await new Promise((r) => setTimeout(r, 100));
    expect((await page("/comuni/017029")).cache).toBe("hit");
    const user = await makeUser(ctx.db, { role: "rtd", comuni: ["017029"] });
    const cookie = await sessionCookieFor(ctx.db, user.id);
    const personal = await page("/comuni/017029", { Cookie: cookie });
    expect(personal.status).toBe(200);
    expect(personal.cache).toBeNull();
    expect(personal.html).toContain(user.email);
    expect((await page("/comuni/017029?vista=altro")).cache).toBeNull();
    expect((await page("/comuni/017029?page=2")).cache).toBe("miss");
  });

  it("keys only the dashboard path and its page number", () => {
    expect(dashboardCacheKey("/comuni/016024", new URLSearchParams())).toBe("/comuni/016024");
    expect(dashboardCacheKey("/comuni/016024", new URLSearchParams("page=1"))).toBe("/comuni/016024");
    expect(dashboardCacheKey("/comuni/016024", new URLSearchParams("page=3"))).toBe("/comuni/016024?page=3");
    expect(dashboardCacheKey("/comuni/016024", new URLSearchParams("page=0"))).toBeNull();
    expect(dashboardCacheKey("/comuni/016024", new URLSearchParams("page=3&x=1"))).toBeNull();
    expect(dashboardCacheKey("/comuni/016024", new URLSearchParams("_data=routes/comuni.$istat._index"))).toBeNull();
    expect(dashboardCacheKey("/comuni/016024/candidature", new URLSearchParams())).toBeNull();
    expect(dashboardCacheKey("/comuni", new URLSearchParams())).toBeNull();
    expect(dashboardCacheKey("/comuni/16024", new URLSearchParams())).toBeNull();
  });
});
