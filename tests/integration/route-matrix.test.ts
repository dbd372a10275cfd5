import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, setDb, type Db } from "~db/client.server";
import { comuniOfUser, getUserById } from "~/data/users.server";
import { makeUser, sessionCookieFor } from "../setup/accounts";
import { startServer, type RunningServer } from "../setup/server";
import { ACTORS, type Actor, type MatrixContext } from "./matrix/context";
import { MUTATING_ROUTES, type MutatingRoute } from "./matrix/mutating-routes";
import { PAGES, type PageRoute } from "./matrix/pages";

/**
 * The authorization matrix (SECURITY.md 6, 7, 8, 11): every route × every kind of user, through
 * every way a request can reach a loader or an action, against the production build.
 * The tables are in ./matrix/: add one row per new route.
 */
const COMUNE = "016024"; // Bergamo: "the comune"
const OTHER_COMUNE = "015146"; // Milano
const ROUTES_DIR = join(import.meta.dirname, "..", "..", "app", "routes");

const ACTOR_USERS: Record<Exclude<Actor, "anonimo">, { role: "rtd" | "redazione" | "admin"; comuni: string[] }> = {
  rtdAltro: { role: "rtd", comuni: [OTHER_COMUNE] },
  rtdComune: { role: "rtd", comuni: [COMUNE] },
  redazione: { role: "redazione", comuni: [] },
  admin: { role: "admin", comuni: [] },
};

/** Route modules and what they export, read from app/routes (no build needed). */
function routeModules(): { id: string; action: boolean; loader: boolean; page: boolean }[] {
  return readdirSync(ROUTES_DIR)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((file) => {
      const source = readFileSync(join(ROUTES_DIR, file), "utf8");
      return {
        id: file.replace(/\.(tsx?|jsx?)$/, ""),
        action: /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b|export\s*\{[^}]*\baction\b[^}]*\}/.test(source),
        loader: /export\s+(async\s+)?function\s+loader\b|export\s+const\s+loader\b|export\s*\{[^}]*\bloader\b[^}]*\}/.test(source),
        page: /export\s+default\b/.test(source),
      };
    });
}

type Mode = "documento" | "single-fetch" | "remix-classico" | "altra-origine";
const MODES: Mode[] = ["documento", "single-fetch", "remix-classico", "altra-origine"];

/** `/x?index` → `/x.data?index`; `/` → `/_root.data` (Remix single fetch). */
function dataUrl(path: string): string {
  const [pathname, query] = path.split("?");
  const base = pathname === "/" ? "/_root.data" : `${pathname}.data`;
  return query ? `${base}?${query}` : base;
}

function classicUrl(path: string, route: string): string {
  return `${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(`routes/${route}`)}`;
}

describe("authorization matrix (production build)", () => {
  let server: RunningServer;
  let db: Db;
  let counter = 0;

  beforeAll(async () => {
    // TRUST_PROXY=1 lets each case come from its own address, so the per-address rate limits of
    // the public forms do not mix the cases (the rate-limit tests run without a trusted proxy).
    server = await startServer({ env: { TRUST_PROXY: "1" } });
    db = openDatabase(server.databasePath);
    setDb(db);
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  async function newCase(actor: Actor) {
    counter++;
    const unique = `${counter}-${process.pid}`;
    const user = actor === "anonimo" ? null : await makeUser(db, { ...ACTOR_USERS[actor], email: `${actor.toLowerCase()}-${unique}@example.org` });
    const cookie = user ? await sessionCookieFor(db, user.id) : null;
    const ctx: MatrixContext = { db, actor: user, comune: COMUNE, otherComune: OTHER_COMUNE, fixture: {}, unique };
    const address = `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`;
    return { ctx, cookie, address };
  }

  it("every route with an action is in MUTATING_ROUTES, every route with a loader or page in PAGES", () => {
    const modules = routeModules();
    expect(modules.length).toBeGreaterThan(20);
    const withAction = modules.filter((m) => m.action).map((m) => m.id);
    const readable = modules.filter((m) => m.loader || m.page).map((m) => m.id);
    expect(withAction.filter((id) => !MUTATING_ROUTES.some((r) => r.route === id))).toEqual([]);
    expect(readable.filter((id) => !PAGES.some((p) => p.route === id))).toEqual([]);
    // And the tables name no route that does not exist.
    const ids = new Set(modules.map((m) => m.id));
    expect([...MUTATING_ROUTES, ...PAGES].map((r) => r.route).filter((id) => !ids.has(id))).toEqual([]);
  });

  describe.each(MUTATING_ROUTES.map((row) => [`${row.route} (${row.name})`, row] as const))("POST %s", (_label, row: MutatingRoute) => {
    it.each(ACTORS.map((a) => [a]))("as %s: the expected status, and a change only where allowed", async (actor) => {
      for (const mode of MODES) {
        const { ctx, cookie, address } = await newCase(actor);
        ctx.fixture = (await row.prepare?.(ctx)) ?? {};
        const form = await row.form(ctx);
        // Extra fields a forged form might add are ignored (SECURITY.md 8, ASVS 15.3.3).
        const forged: Record<string, string> = { role: "admin", istat: OTHER_COMUNE, comuneId: OTHER_COMUNE, userId: "1" };
        const body = new URLSearchParams({ ...forged, ...form });
        for (const key of Object.keys(forged)) if (key in form) body.set(key, form[key]!);
        const cookies = [...(cookie ? [cookie] : []), ...((await row.cookies?.(ctx)) ?? [])];
        if (row.resource && (mode === "single-fetch" || mode === "remix-classico")) continue;
        const url =
          mode === "single-fetch" ? dataUrl(row.path(ctx)) : mode === "remix-classico" ? classicUrl(row.path(ctx), row.route) : row.path(ctx);
        // A row with files posts multipart/form-data (fetch sets the boundary); the others a urlencoded form.
        const files = await row.files?.(ctx);
        let payload: URLSearchParams | FormData = body;
        if (files) {
          payload = new FormData();
          for (const [key, value] of body) payload.append(key, value);
          for (const [key, file] of Object.entries(files)) payload.append(key, new File([file.content], file.name, { type: file.type }));
        }
        const before = JSON.stringify(row.state(ctx));
        const roleBefore = ctx.actor ? JSON.stringify([ctx.actor.role, comuniOfUser(db, ctx.actor.id)]) : null;
        const res = await fetch(server.url + url, {
          method: "POST",
          body: payload,
          redirect: "manual",
          headers: {
            ...(files ? {} : { "Content-Type": "application/x-www-form-urlencoded" }),
            "X-Forwarded-For": address,
            Origin: mode === "altra-origine" ? "https://attacker.example" : server.url,
            ...(cookies.length ? { Cookie: cookies.join("; ") } : {}),
          },
        });
        await res.arrayBuffer();
        const after = JSON.stringify(row.state(ctx));
        const where = `${mode}: POST ${url} as ${actor}`;

        if (mode === "altra-origine") {
          expect(res.status, where).toBe(403);
          expect(after, `${where} changed state`).toBe(before);
        } else if (row.allowed.includes(actor)) {
          expect(res.status, where).toBeLessThan(400);
          if (!row.noChangeFor?.includes(actor)) expect(after, `${where} did not change state`).not.toBe(before);
        } else {
          expect(res.status, where).toBe(row.refusedStatus?.[actor] ?? (actor === "anonimo" ? 401 : 403));
          expect(after, `${where} changed state`).toBe(before);
        }
        // Whatever the route, the actor's own role and comuni never change through forged fields.
        if (ctx.actor && getUserById(db, ctx.actor.id)) {
          expect(JSON.stringify([getUserById(db, ctx.actor.id)!.role, comuniOfUser(db, ctx.actor.id)]), where).toBe(roleBefore);
        }
      }
    });
  });

  /** Application data, without what a read legitimately touches (session last-seen, the audit log, the mail queue). */
  function dataSnapshot(): string {
    const tables = db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
      .all() as { name: string }[];
    return tables
      .filter((t) => !["security_log", "outbox", "sessions"].includes(t.name))
      .map((t) => `${t.name}:${JSON.stringify(db.$client.prepare(`SELECT * FROM "${t.name}"`).all())}`)
      .concat(JSON.stringify(db.$client.prepare("SELECT id_hash, user_id, created_at, expires_at FROM sessions ORDER BY id_hash").all()))
      .join("\n");
  }

  describe.each(PAGES.map((row) => [row.route, row] as const))("GET routes/%s", (_label, row: PageRoute) => {
    it.each(ACTORS.map((a) => [a]))("as %s: the expected status, the security headers, and no change (GET and HEAD)", async (actor) => {
      const { ctx, cookie } = await newCase(actor);
      ctx.fixture = (await row.prepare?.(ctx)) ?? {};
      const path = row.path(ctx);
      const modes = row.resource ? (["documento"] as const) : (["documento", "single-fetch"] as const);
      for (const mode of modes) {
        const url = mode === "single-fetch" ? dataUrl(path) : path;
        const before = dataSnapshot();
        const res = await fetch(server.url + url, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
        const body = await res.text();
        const where = `${mode}: GET ${url} as ${actor}`;
        const allowed = row.allowed.includes(actor);
        if (allowed) {
          const expected = row.statusFor?.[actor] ?? row.status ?? 200;
          if (mode === "documento") expect(res.status, where).toBe(expected);
          else expect(res.status, where).toBe(expected === 302 ? 202 : expected);
        } else if (actor === "anonimo") {
          if (mode === "documento") {
            expect(res.status, where).toBe(302);
            expect(res.headers.get("location"), where).toMatch(/^\/accedi\?redirectTo=/);
          } else {
            // Remix hands loaders the URL without `.data`: the guard answers with its redirect to
            // the login page, which single fetch encodes as 202 for the client router to follow.
            expect(res.status, where).toBe(202);
            expect(body, where).toContain("/accedi?redirectTo=");
          }
        } else {
          expect(res.status, where).toBe(403);
        }

        // Headers on every response (SECURITY.md 11).
        const csp = res.headers.get("content-security-policy") ?? "";
        expect(csp, where).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
        for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp, where).toContain(directive);
        expect(res.headers.get("x-content-type-options"), where).toBe("nosniff");
        expect(res.headers.get("referrer-policy"), where).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
        expect(res.headers.get("strict-transport-security"), where).toMatch(/max-age=\d+/);
        expect(res.headers.get("x-powered-by"), where).toBeNull();
        if (cookie) expect(res.headers.get("cache-control"), where).toBe("no-store");
        if ((res.headers.get("content-type") ?? "").startsWith("text/html") && res.status === 200) {
          const nonce = /'nonce-([^']+)'/.exec(csp)![1];
          const scripts = body.match(/<script\b[^>]*>/g) ?? [];
          expect(scripts.length, where).toBeGreaterThan(0);
          for (const tag of scripts) expect(tag, where).toContain(`nonce="${nonce}"`);
          expect(body, where).not.toMatch(/<script(?![^>]*nonce=)/);
        }
        // No GET changes data (SECURITY.md 7).
        expect(dataSnapshot() === before, `${where} changed the database`).toBe(true);
        if (mode === "documento") {
          // Nor a HEAD, which runs the same loaders: the same status, no body, no change.
          const head = await fetch(server.url + url, { method: "HEAD", redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
          const headBody = await head.arrayBuffer();
          expect(head.status, `HEAD ${url} as ${actor}`).toBe(res.status);
          expect(headBody.byteLength, `HEAD ${url} as ${actor}`).toBe(0);
          expect(dataSnapshot() === before, `HEAD ${url} as ${actor} changed the database`).toBe(true);
        }
      }
    });
  });
});
