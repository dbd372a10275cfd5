import { afterEach, beforeEach, vi } from "vitest";

/**
 * Any console.error during a test fails it (as in epic-stack): errors must be asserted, not
 * scrolled past. Tests that expect one mock console.error themselves.
 */
let spy: ReturnType<typeof vi.spyOn> | undefined;

beforeEach(() => {
  spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error chiamato durante il test: ${args.map(String).join(" ")}`);
  });
});

afterEach(() => {
  spy?.mockRestore();
});

process.env.NODE_ENV = "test";
