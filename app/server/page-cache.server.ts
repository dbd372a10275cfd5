import { deflateRaw, inflateRawSync } from "node:zlib";
import type { NextFunction, Request, Response } from "express";

/**
 * A cache of rendered pages for anonymous visitors (docs/decisions/0074). A comune's dashboard
 * costs ~20 ms of server CPU to render and is the same for every visitor without a session; it
 * changes only when the data it reads changes (a revision number bumped by database triggers)
 * or when time moves past a boundary (a call opens or closes, a Rome day ends). The cache keeps
 * the page compressed (raw deflate) in memory with the offsets of its CSP nonce, and answers a hit with
 * the page carrying the nonce of the current response (SECURITY.md 11: a nonce per response).
 *
 * Not cached: requests with any cookie (a session, or anything that could make the page
 * personal), other methods, query parameters other than the allowed ones, responses other than
 * 200 text/html, responses setting a cookie.
 */
export interface PageCacheOptions {
  /** The cache key of a path and its query, or null when the request is not cacheable. */
  key: (path: string, query: URLSearchParams) => string | null;
  /** The revision of the data the pages show, read at every lookup. */
  revision: () => number;
  /** Until when (epoch ms) a page rendered at `now`, data unchanged, stays true. */
  validUntil: (now: Date) => number;
  /** Compressed bytes kept at most; the least recently used pages go first. */
  maxBytes: number;
  /** The clock (tests). */
  now?: () => Date;
}

interface Entry {
  revision: number;
  validUntil: number;
  /** The page, raw-deflated (no gzip header or checksum to verify on every hit). */
  deflated: Buffer;
  /** Its length uncompressed: inflated into one buffer of that size. */
  length: number;
  nonceLength: number;
  nonceOffsets: number[];
  contentType: string;
  cacheControl: string | null;
}

export interface PageCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  stored: number;
  evicted: number;
}

export interface PageCache {
  middleware: (req: Request, res: Response, next: NextFunction) => void;
  stats: () => PageCacheStats;
  clear: () => void;
}

/** Every offset of `needle` in `haystack`. */
export function offsetsOf(haystack: Buffer, needle: Buffer): number[] {
  const offsets: number[] = [];
  if (needle.length === 0) return offsets;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) offsets.push(at);
  return offsets;
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const entries = new Map<string, Entry>();
  const rendering = new Map<string, Promise<void>>();
  const counters = { hits: 0, misses: 0, stored: 0, evicted: 0 };
  let bytes = 0;
  const clock = options.now ?? (() => new Date());

  function remove(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.deflated.length;
  }

  function store(key: string, entry: Entry) {
    remove(key);
    if (entry.deflated.length > options.maxBytes) return;
    entries.set(key, entry);
    bytes += entry.deflated.length;
    counters.stored++;
    for (const oldest of entries.keys()) {
      if (bytes <= options.maxBytes) break;
      remove(oldest);
      counters.evicted++;
    }
  }

  /** The fresh entry for a key, moved to the most recently used end; stale ones are dropped. */
  function fresh(key: string): Entry | null {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.revision !== options.revision() || clock().getTime() >= entry.validUntil) {
      remove(key);
      return null;
    }
    entries.delete(key);
    entries.set(key, entry);
    return entry;
  }

  function serve(entry: Entry, res: Response): boolean {
    const nonce = String(res.locals.cspNonce ?? "");
    if (Buffer.byteLength(nonce) !== entry.nonceLength) return false;
    const body = inflateRawSync(entry.deflated, { chunkSize: Math.max(entry.length, 64) });
    for (const at of entry.nonceOffsets) body.write(nonce, at, "utf8");
    counters.hits++;
    res.status(200);
    res.setHeader("Content-Type", entry.contentType);
    if (entry.cacheControl) res.setHeader("Cache-Control", entry.cacheControl);
    res.setHeader("X-Page-Cache", "hit");
    res.end(body);
    return true;
  }

  /** Passes the response through, keeping a copy of what Remix writes to store it afterwards. */
  function capture(key: string, revision: number, renderedAt: Date, res: Response, done: () => void) {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const keep = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === "function") return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, (typeof encoding === "string" ? encoding : "utf8") as BufferEncoding) : Buffer.from(chunk as Uint8Array));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    let ended = false;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      const result = end(chunk, ...rest);
      if (!ended) {
        ended = true;
        finish();
      }
      return result;
    }) as Response["end"];
    // A visitor who leaves before the end: nothing to store, the waiting ones render themselves.
    res.on("close", () => {
      if (!ended) done();
    });

    function finish() {
      const nonce = String(res.locals.cspNonce ?? "");
      const contentType = String(res.getHeader("Content-Type") ?? "");
      if (res.statusCode !== 200 || res.getHeader("Set-Cookie") !== undefined || !contentType.startsWith("text/html") || nonce === "") {
        done();
        return;
      }
      const html = Buffer.concat(chunks);
      const nonceBuffer = Buffer.from(nonce, "utf8");
      const cacheControl = res.getHeader("Cache-Control");
      // Compressed on libuv's thread pool: the event loop goes on serving.
      deflateRaw(html, { level: 6 }, (error, deflated) => {
        if (!error) {
          store(key, {
            revision,
            validUntil: options.validUntil(renderedAt),
            deflated,
            length: html.length,
            nonceLength: nonceBuffer.length,
            nonceOffsets: offsetsOf(html, nonceBuffer),
            contentType,
            cacheControl: cacheControl === undefined ? null : String(cacheControl),
          });
        }
        done();
      });
    }
  }

  function middleware(req: Request, res: Response, next: NextFunction) {
    if (req.method !== "GET" || req.headers.cookie) return next();
    const url = new URL(req.originalUrl, "http://x");
    const key = options.key(url.pathname, url.searchParams);
    if (key === null) return next();
    const entry = fresh(key);
    if (entry && serve(entry, res)) return;
    const pending = rendering.get(key);
    if (pending) {
      // The same page is being rendered for another visitor: wait for it rather than render twice.
      void pending.then(() => {
        const ready = fresh(key);
        if (!(ready && serve(ready, res))) miss();
      });
      return;
    }
    miss();

    function miss() {
      counters.misses++;
      const revision = options.revision();
      const renderedAt = clock();
      let release!: () => void;
      rendering.set(key!, new Promise<void>((resolve) => (release = resolve)));
      let released = false;
      capture(key!, revision, renderedAt, res, () => {
        if (released) return;
        released = true;
        rendering.delete(key!);
        release();
      });
      res.setHeader("X-Page-Cache", "miss");
      next();
    }
  }

  return {
    middleware,
    stats: () => ({ entries: entries.size, bytes, ...counters }),
    clear: () => {
      entries.clear();
      bytes = 0;
    },
  };
}
