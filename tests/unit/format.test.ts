import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatEuro, formatInteger } from "~/domain/format";

describe("Italian formats (PRODUCT.md)", () => {
  it("formats amounts as € 1.234.567,00", () => {
    expect(formatEuro(1234567)).toBe("€ 1.234.567,00");
    expect(formatEuro(23147)).toBe("€ 23.147,00");
    expect(formatEuro(5000.5)).toBe("€ 5.000,50");
    expect(formatEuro(0)).toBe("€ 0,00");
  });

  it("groups every integer of four digits or more", () => {
    expect(formatInteger(5000)).toBe("5.000");
    expect(formatInteger(1506)).toBe("1.506");
    expect(formatInteger(999)).toBe("999");
    expect(formatInteger(1242123)).toBe("1.242.123");
  });

  it("formats dates as 31/03/2026 in Europe/Rome", () => {
    expect(formatDate("2026-03-31T10:00:00Z")).toBe("31/03/2026");
    // 23:30 UTC on 31 March is already 1 April in Rome (summer time, +02:00).
    expect(formatDate("2026-03-31T23:30:00Z")).toBe("01/04/2026");
    expect(formatDateTime("2026-03-31T10:00:00Z")).toBe("31/03/2026, 12:00");
  });
});
