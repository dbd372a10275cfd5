import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, generateTotpSecret, hotp, otpauthUri, totpCode, totpStep, verifyTotp } from "~/auth/totp.server";

const PROPERTY = { numRuns: 1000, seed: 20261123 };

describe("TOTP (RFC 6238)", () => {
  // RFC 6238 Appendix B: T0 = 0, X = 30, 8 digits.
  const sha1Secret = Buffer.from("12345678901234567890");
  const sha256Secret = Buffer.from("12345678901234567890123456789012");
  const sha512Secret = Buffer.from("1234567890123456789012345678901234567890123456789012345678901234");
  it.each([
    [59, "94287082", "46119246", "90693936"],
    [1111111109, "07081804", "68084774", "25091201"],
    [1111111111, "14050471", "67062674", "99943326"],
    [1234567890, "89005924", "91819424", "93441116"],
    [2000000000, "69279037", "90698825", "38618901"],
    [20000000000, "65353130", "77737706", "47863826"],
  ])("matches the RFC test vector at T = %i", (seconds, sha1, sha256, sha512) => {
    const step = totpStep(new Date(seconds * 1000));
    expect(hotp(sha1Secret, step, 8, "sha1")).toBe(sha1);
    expect(hotp(sha256Secret, step, 8, "sha256")).toBe(sha256);
    expect(hotp(sha512Secret, step, 8, "sha512")).toBe(sha512);
  });

  it("matches the RFC 4226 HOTP test values (6 digits)", () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    expected.forEach((code, counter) => expect(hotp(sha1Secret, counter)).toBe(code));
  });

  it("accepts the code of the previous, current and next step, and nothing further", () => {
    const secret = generateTotpSecret();
    const now = new Date("2026-11-23T10:00:10Z");
    const step = totpStep(now);
    for (const delta of [-1, 0, 1]) {
      expect(verifyTotp(secret, totpCode(secret, new Date(now.getTime() + delta * 30_000)), now)).toBe(step + delta);
    }
    for (const delta of [-3, -2, 2, 3]) {
      expect(verifyTotp(secret, totpCode(secret, new Date(now.getTime() + delta * 30_000)), now)).toBeNull();
    }
  });

  it("refuses a code whose step was already used (no replay)", () => {
    const secret = generateTotpSecret();
    const now = new Date("2026-11-23T10:00:10Z");
    const code = totpCode(secret, now);
    const step = verifyTotp(secret, code, now);
    expect(step).not.toBeNull();
    expect(verifyTotp(secret, code, now, step)).toBeNull();
    expect(verifyTotp(secret, "12345", now)).toBeNull();
    expect(verifyTotp(secret, "abcdef", now)).toBeNull();
  });

  it("base32 round-trips any bytes, and generated secrets are 160 bits", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect([...base32Decode(base32Encode(bytes))!]).toEqual([...bytes]);
      }),
      PROPERTY,
    );
    expect(base32Decode("JBSW Y3DP ehpk3pxp")?.toString("hex")).toBe("48656c6c6f21deadbeef");
    expect(base32Decode("not base32!")).toBeNull();
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
  });

  it("verifyTotp never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 4_000_000_000 }), (secret, code, seconds) => {
        const result = verifyTotp(secret, code, new Date(seconds * 1000));
        expect(result === null || Number.isInteger(result)).toBe(true);
      }),
      PROPERTY,
    );
  });

  it("builds an otpauth URI that authenticator apps read", () => {
    const uri = new URL(otpauthUri("JBSWY3DPEHPK3PXP", "maria@comune.example.it"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Cruscotto digitale ANCI Lombardia:maria@comune.example.it");
    expect(uri.searchParams.get("secret")).toBe("JBSWY3DPEHPK3PXP");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
  });
});
