import { describe, expect, it } from "vitest";
import { retryAfterAny, SlidingWindowLimiter } from "~/auth/rate-limit.server";

describe("sliding-window limiter", () => {
  it("allows max events per window, then asks to wait until the oldest leaves the window", () => {
    const limiter = new SlidingWindowLimiter(60_000, 10);
    const t0 = 1_000_000;
    for (let i = 0; i < 10; i++) {
      expect(limiter.retryAfter("k", t0 + i * 1000)).toBe(0);
      limiter.record("k", t0 + i * 1000);
    }
    // The 11th within the minute is refused: the first event leaves the window at t0 + 60 s.
    expect(limiter.retryAfter("k", t0 + 10_000)).toBe(50);
    expect(limiter.retryAfter("k", t0 + 59_500)).toBe(1);
    expect(limiter.retryAfter("k", t0 + 60_001)).toBe(0);
    expect(limiter.retryAfter("other", t0 + 10_000)).toBe(0);
  });

  it("combines keys: blocked when any key is blocked", () => {
    const limiter = new SlidingWindowLimiter(60_000, 2);
    limiter.record("account:a", 0);
    limiter.record("account:a", 1);
    expect(retryAfterAny(limiter, ["account:a", "ip:1"], 2)).toBe(60);
    expect(retryAfterAny(limiter, ["account:b", "ip:1"], 2)).toBe(0);
    limiter.reset("account:a");
    expect(retryAfterAny(limiter, ["account:a"], 2)).toBe(0);
  });
});
