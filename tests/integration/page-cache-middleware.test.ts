import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import compression from "compression";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createPageCache, offsetsOf, type PageCacheOptions } from "~/server/page-cache.server";
import { securityHeaders } from "~/server/security.server";

/**
 * The page cache as Express middleware, in front of a handler that renders an HTML page with the
 * response's nonce (as Remix does), on a real HTTP server on loopback.
 */
interface Harness {
  url: string;
  renders: () => number;
  setRevision: (n: number) => void;
  setNow: (ms: number) => void;
  stats: () => ReturnType<ReturnType<typeof createPageCache>["stats"]>;
  close: () => Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function harness(options: Partial<PageCacheOptions> & { status?: number; setCookie?: boolean; slowMs?: number } = {}): Promise<Harness> {
  let revision = 1;
  let now = Date.UTC(2026, 10, 23, 12);
  let renders = 0;
  const cache = createPageCache({
    key: (path, query) => (path.startsWith("/p/") && [...query.keys()].length === 0 ? path : null),
    revision: () => revision,
    validUntil: (at) => at.getTime() + 60_000,
    maxBytes: 1024 * 1024,
    now: () => new Date(now),
    ...options,
  });
  const app = express();
  app.use(compression());
  app.use(securityHeaders({ production: true }));
  app.use(cache.middleware);
  app.get("/p/:name", (req, res) => {
    renders++;
    const nonce = String(res.locals.cspNonce);
    const body = `<!DOCTYPE html><html lang="it"><head><script nonce="${nonce}">1</script></head><body><h1>${req.params.name} è la pagina ${renders} (rev ${revision})</h1>${"<p>testo àèìòù</p>".repeat(500)}<script nonce="${nonce}" type="module">2</script></body></html>`;
    if (options.setCookie) res.setHeader("Set-Cookie", "a=b");
    const send = () => {
      res.status(options.status ?? 200).type("html");
      // Written in chunks, as Remix streams.
      res.write(body.slice(0, 100));
      res.end(body.slice(100));
    };
    if (options.slowMs) setTimeout(send, options.slowMs);
    else send();
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    renders: () => renders,
    setRevision: (n) => (revision = n),
    setNow: (ms) => (now = ms),
    stats: () => cache.stats(),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const body = await res.text();
  const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1] ?? "";
  return { status: res.status, cache: res.headers.get("x-page-cache"), body, nonce, encoding: res.headers.get("content-encoding") };
}

describe("page cache middleware", () => {
  it("renders once, then answers from memory with the page carrying each response's own nonce", async () => {
    const h = await harness();
    const first = await get(`${h.url}/p/uno`);
    const second = await get(`${h.url}/p/uno`);
    const third = await get(`${h.url}/p/uno`, { "Accept-Encoding": "gzip" });
    expect([first.cache, second.cache, third.cache]).toEqual(["miss", "hit", "hit"]);
    expect(h.renders()).toBe(1);
    expect(third.encoding).toBe("gzip");
    expect(new Set([first.nonce, second.nonce, third.nonce]).size).toBe(3);
    for (const r of [first, second, third]) {
      expect(r.body.match(/nonce="([^"]+)"/g)).toEqual([`nonce="${r.nonce}"`, `nonce="${r.nonce}"`]);
      expect(r.body.replaceAll(r.nonce, "N")).toBe(first.body.replaceAll(first.nonce, "N"));
      expect(r.body).toContain("uno è la pagina 1 (rev 1)");
    }
    expect(h.stats()).toMatchObject({ entries: 1, hits: 2, misses: 1, stored: 1 });
  });

  it("renders again when the data revision changes or the page's time is up", async () => {
    const h = await harness();
    await get(`${h.url}/p/uno`);
    h.setRevision(2);
    const afterWrite = await get(`${h.url}/p/uno`);
    expect(afterWrite.cache).toBe("miss");
    expect(afterWrite.body).toContain("la pagina 2 (rev 2)");
    expect((await get(`${h.url}/p/uno`)).cache).toBe("hit");
    h.setNow(Date.UTC(2026, 10, 23, 12, 0, 59));
    expect((await get(`${h.url}/p/uno`)).cache).toBe("hit");
    h.setNow(Date.UTC(2026, 10, 23, 12, 1, 0));
    const expired = await get(`${h.url}/p/uno`);
    expect(expired.cache).toBe("miss");
    expect(expired.body).toContain("la pagina 3");
  });

  it("never serves or stores a page for a request with cookies, other methods, other keys", async () => {
    const h = await harness();
    await get(`${h.url}/p/uno`);
    const withCookie = await get(`${h.url}/p/uno`, { Cookie: "__Host-cruscotto_session=abc" });
    expect(withCookie.cache).toBeNull();
    expect(withCookie.body).toContain("la pagina 2");
    expect((await get(`${h.url}/p/uno?altro=1`)).cache).toBeNull();
    const head = await fetch(`${h.url}/p/uno`, { method: "HEAD" });
    expect(head.headers.get("x-page-cache")).toBeNull();
    expect(h.stats().entries).toBe(1);
  });

  it("does not store error pages or responses that set a cookie", async () => {
    const notFound = await harness({ status: 404 });
    expect((await get(`${notFound.url}/p/uno`)).status).toBe(404);
    expect((await get(`${notFound.url}/p/uno`)).cache).toBe("miss");
    expect(notFound.renders()).toBe(2);
    const cookie = await harness({ setCookie: true });
    await get(`${cookie.url}/p/uno`);
    expect((await get(`${cookie.url}/p/uno`)).cache).toBe("miss");
    expect(cookie.stats().entries).toBe(0);
  });

  it("keeps at most maxBytes of compressed pages, dropping the least recently used", async () => {
    const probe = await harness();
    await get(`${probe.url}/p/a`);
    await new Promise((r) => setTimeout(r, 50));
    const one = probe.stats().bytes;
    expect(one).toBeGreaterThan(0);
    const h = await harness({ maxBytes: one * 2 + one / 2 });
    await get(`${h.url}/p/a`);
    await get(`${h.url}/p/b`);
    await new Promise((r) => setTimeout(r, 50));
    expect((await get(`${h.url}/p/a`)).cache).toBe("hit"); // a is now the most recent
    await get(`${h.url}/p/c`); // evicts b
    await new Promise((r) => setTimeout(r, 50));
    expect(h.stats()).toMatchObject({ entries: 2, evicted: 1 });
    expect((await get(`${h.url}/p/a`)).cache).toBe("hit");
    expect((await get(`${h.url}/p/b`)).cache).toBe("miss");
  });

  it("renders a page once for visitors who ask for it at the same time", async () => {
    const h = await harness({ slowMs: 100 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => get(`${h.url}/p/uno`)));
    expect(h.renders()).toBe(1);
    expect(answers.map((a) => a.cache).sort()).toEqual(["hit", "hit", "hit", "hit", "miss"]);
    for (const a of answers) expect(a.body).toContain(`nonce="${a.nonce}"`);
  });

  it("finds every occurrence of the nonce", () => {
    expect(offsetsOf(Buffer.from("abXYcdXYXY"), Buffer.from("XY"))).toEqual([2, 6, 8]);
    expect(offsetsOf(Buffer.from("abc"), Buffer.from(""))).toEqual([]);
  });
});
