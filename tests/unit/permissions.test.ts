import { describe, expect, it } from "vitest";
import { canManageComune, canUseTotp, comuniScope, isStaff } from "~/auth/permissions";

describe("permission rules", () => {
  const rtd = { role: "rtd" as const, comuni: ["016024", "016035"] };
  it("staff manage every comune, an RTD only its own, readers none", () => {
    expect(canManageComune({ role: "admin", comuni: [] }, "015146")).toBe(true);
    expect(canManageComune({ role: "redazione", comuni: [] }, "015146")).toBe(true);
    expect(canManageComune(rtd, "016024")).toBe(true);
    expect(canManageComune(rtd, "015146")).toBe(false);
    expect(canManageComune({ role: "lettore", comuni: ["016024"] }, "016024")).toBe(false);
    expect(canManageComune(null, "016024")).toBe(false);
  });
  it("scopes queries: all for staff, the assigned comuni for an RTD, nothing otherwise", () => {
    expect(comuniScope({ role: "admin", comuni: [] })).toBe("all");
    expect(comuniScope(rtd)).toEqual(["016024", "016035"]);
    expect(comuniScope({ role: "lettore", comuni: ["016024"] })).toEqual([]);
    expect(comuniScope(undefined)).toEqual([]);
  });
  it("TOTP is offered to staff", () => {
    expect(isStaff(rtd)).toBe(false);
    expect(canUseTotp({ role: "redazione", comuni: [] })).toBe(true);
    expect(canUseTotp(rtd)).toBe(false);
  });
});
