/**
 * Cleaning text that comes from sources: Unicode normalisation, double-encoded UTF-8
 * ("Ã¨" → "è"), control characters, HTML entities left in plain text, whitespace. Pure.
 */

const MOJIBAKE = /[\u00c2\u00c3][\u0080-\u00bf]|\u00e2\u20ac[\u0080-\u00bf\u2018-\u201e\u2122\u0153\u009d]/;

/** Repairs text that was UTF-8 decoded as Latin-1/windows-1252 once ("perchÃ©" → "perché"). */
export function repairMojibake(text: string): string {
  if (!MOJIBAKE.test(text)) return text;
  const cp1252: Record<number, number> = {
    0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
    0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91,
    0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98,
    0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
  };
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code <= 0xff) bytes.push(code);
    else if (cp1252[code] !== undefined) bytes.push(cp1252[code]);
    else return text; // a character Latin-1 cannot hold: the text was not double-encoded
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return text;
  }
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", euro: "€" };

/** Decodes the few HTML entities that leak into plain-text fields (`&amp;`, `&#39;`, `&#x20AC;`). */
export function decodeBasicEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

// C0/C1 controls except tab and newlines, zero-width characters, BOM, lone surrogates.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** One-line text: titles, issuers, keys. */
export function cleanLine(text: string): string {
  return decodeBasicEntities(repairMojibake(text.normalize("NFC")))
    .replace(CONTROLS, "")
    .replace(/[\s\u00a0\u202f]+/g, " ")
    .trim()
    .normalize("NFC");
}

/** Multi-line text: paragraphs kept (at most one blank line between them), spaces squashed per line. */
export function cleanMultiline(text: string): string {
  return repairMojibake(text.normalize("NFC"))
    .replace(/\r\n?/g, "\n")
    .replace(CONTROLS, "")
    .split("\n")
    .map((line) => line.replace(/[\t \u00a0\u202f]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .normalize("NFC");
}

/** Whether a text carries HTML markup (tags or entities) that must be reduced to text. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>|<!--|&(#\d+|#x[0-9a-f]+|[a-z]{2,8});/i.test(text);
}
