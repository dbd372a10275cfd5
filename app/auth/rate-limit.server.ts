/**
 * Sliding-window counters kept in the server process (one process serves the app). Each key
 * (an account, an address) keeps the times of its recent events; when `max` of them fall within
 * `windowMs`, the next attempt waits until the oldest leaves the window.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly windowMs: number,
    readonly max: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length > 0) this.hits.set(key, list);
    else this.hits.delete(key);
    return list;
  }

  /** Seconds to wait before another attempt is allowed for this key, or 0. */
  retryAfter(key: string, now = Date.now()): number {
    const list = this.recent(key, now);
    if (list.length < this.max) return 0;
    const oldest = list[list.length - this.max]!;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  record(key: string, now = Date.now()): void {
    const list = this.recent(key, now);
    list.push(now);
    this.hits.set(key, list);
    if (this.hits.size > 50_000) this.prune(now);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  clear(): void {
    this.hits.clear();
  }

  private prune(now: number): void {
    for (const key of [...this.hits.keys()]) this.recent(key, now);
  }
}

/** The first blocked attempt's wait over several keys (an account and an address). */
export function retryAfterAny(limiter: SlidingWindowLimiter, keys: string[], now = Date.now()): number {
  return Math.max(0, ...keys.map((k) => limiter.retryAfter(k, now)));
}

/**
 * SECURITY.md 4: 10 failed logins per account or per address within a minute; the 11th gets 429.
 * The address is Express's `req.ip`: X-Forwarded-For counts only behind TRUST_PROXY.
 */
export const loginFailures = new SlidingWindowLimiter(60_000, 10);
/** Password-reset requests: 5 per address or account in 15 minutes (no mail bombing). */
export const resetRequests = new SlidingWindowLimiter(15 * 60_000, 5);

export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

export function addressKey(ip: string | null | undefined): string {
  return `ip:${ip ?? "sconosciuto"}`;
}

export function resetAllLimits(): void {
  loginFailures.clear();
  resetRequests.clear();
}
