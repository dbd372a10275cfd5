import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/**
 * Response headers of SECURITY.md 11: an enforced CSP with a per-response script nonce,
 * object-src/base-uri/frame-ancestors locked down, nosniff, a referrer policy, HSTS in production.
 */
export function securityHeaders(options: { production: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    // Set just before the headers go out, so that what a route sets (Remix appends its headers)
    // is never doubled ("nosniff, nosniff") and the CSP cannot be weakened by a route.
    const directives = [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      // Recharts and Bootstrap Italia set style attributes; no script can run from a style.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      options.production ? "connect-src 'self'" : "connect-src 'self' ws: wss:",
      "form-action 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ];
    beforeHeaders(res, () => {
      res.setHeader("Content-Security-Policy", directives.join("; "));
      const defaults: Record<string, string> = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
        ...(options.production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
      };
      for (const [name, value] of Object.entries(defaults)) {
        // A route may choose a stricter value (e.g. Referrer-Policy: no-referrer on token pages).
        const current = res.getHeader(name);
        res.setHeader(name, current === undefined ? value : String(Array.isArray(current) ? current[current.length - 1] : current));
      }
    });
    next();
  };
}

/**
 * Runs `fn` once, right before the status line and headers are written (as the npm on-headers
 * package does): every way of answering (Remix, express.static, res.send) goes through writeHead.
 */
export function beforeHeaders(res: Response, fn: () => void): void {
  const writeHead = res.writeHead;
  let done = false;
  res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
    if (!done) {
      done = true;
      fn();
    }
    return writeHead.apply(this, args);
  } as Response["writeHead"];
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * CSRF defence (SECURITY.md 6): a state-changing request from another origin gets 403 before any
 * handler runs. Browsers send `Origin` on every cross-origin POST and `Sec-Fetch-Site` on all
 * requests; `Sec-Fetch-Site: same-origin` is set by the browser itself and cannot be forged by a page.
 */
export function originCheck(appUrl: string) {
  const allowed = new URL(appUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!UNSAFE_METHODS.has(req.method)) return next();
    const site = req.get("Sec-Fetch-Site");
    const origin = req.get("Origin");
    const crossSite = site === "cross-site" || site === "same-site";
    const foreignOrigin = origin !== undefined && origin !== allowed && site !== "same-origin";
    if (crossSite || foreignOrigin) {
      res.status(403).type("text/plain; charset=utf-8").send("Richiesta rifiutata: origine non consentita.");
      return;
    }
    next();
  };
}

/**
 * Pages for a logged-in user are never stored by caches (SECURITY.md 11): with a session cookie,
 * `Cache-Control: no-store` replaces whatever the route said (e.g. the API's public max-age).
 */
export function noStoreWhenLoggedIn(cookieNames: string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const cookieHeader = req.headers.cookie ?? "";
    if (cookieNames.some((name) => cookieHeader.includes(`${name}=`))) {
      beforeHeaders(res, () => res.setHeader("Cache-Control", "no-store"));
    }
    next();
  };
}
