import { XMLParser } from "fast-xml-parser";
import { decodeText } from "~/lib/csv";
import { InputError } from "~/lib/errors";

/**
 * Safe XML reading for source adapters (SECURITY.md 15). Before any parsing:
 *   - the input must fit `maxBytes`;
 *   - at most one DOCTYPE; no external entities (SYSTEM/PUBLIC), no parameter entities;
 *   - internal entities must be plain text (an entity that refers to another entity is how
 *     "billion laughs" grows, so it is refused), few, short, and their references in the
 *     document may not expand past `maxExpandedChars` in total.
 * Then fast-xml-parser runs with its own entity limits as a second line, and nesting limited.
 * Nothing is ever fetched: the parser has no resolver for external resources.
 */

export interface XmlLimits {
  maxBytes: number;
  maxEntities: number;
  maxEntityChars: number;
  maxExpandedChars: number;
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxBytes: 16 * 1024 * 1024,
  maxEntities: 32,
  maxEntityChars: 1024,
  maxExpandedChars: 1_000_000,
  maxDepth: 64,
};

export type XmlNode = Record<string, unknown>;

const LATIN1_DECLARATION = /^\s*<\?xml[^>]*encoding\s*=\s*["'](iso-8859-1|iso-8859-15|latin-?1|windows-1252|cp1252)["']/i;

function decodeXml(input: Uint8Array): string {
  const head = Buffer.from(input.buffer, input.byteOffset, Math.min(input.byteLength, 200)).toString("latin1");
  return decodeText(input, LATIN1_DECLARATION.test(head) ? "windows-1252" : "auto");
}

const ENTITY_DECL_RE = /<!ENTITY\s+([^\s%"'<>]+)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;

/** Refuses documents whose DTD could fetch something or expand without bound. */
export function checkDoctype(text: string, limits: XmlLimits, file: string): void {
  const doctypes = text.match(/<!DOCTYPE/gi)?.length ?? 0;
  if (doctypes > 1) throw new InputError("documento XML con più dichiarazioni DOCTYPE: rifiutato", { file });
  const declarations = text.match(/<!ENTITY/gi)?.length ?? 0;
  if (declarations === 0) return;
  if (/<!ENTITY\s+%/i.test(text)) throw new InputError("entità parametriche nel DTD non ammesse", { file });
  if (/<!ENTITY\s+[^\s>]+\s+(SYSTEM|PUBLIC)\b/i.test(text)) {
    throw new InputError("entità esterne (SYSTEM/PUBLIC) non ammesse", { file });
  }
  const entities = [...text.matchAll(ENTITY_DECL_RE)].map((m) => ({ name: m[1]!, value: m[2] ?? m[3] ?? "" }));
  if (entities.length !== declarations) throw new InputError("dichiarazione di entità non leggibile nel DTD", { file });
  if (entities.length > limits.maxEntities) {
    throw new InputError(`troppe entità dichiarate nel DTD (${entities.length}, massimo ${limits.maxEntities})`, { file });
  }
  let expanded = 0;
  for (const { name, value } of entities) {
    if (value.length > limits.maxEntityChars) {
      throw new InputError(`entità "${name}" troppo lunga (${value.length} caratteri)`, { file });
    }
    if (/&[^#\s]/.test(value) || value.includes("<")) {
      throw new InputError(`entità "${name}" che richiama altre entità o markup: espansione rifiutata`, { file });
    }
    const uses = text.split(`&${name};`).length - 1;
    expanded += uses * value.length;
    if (expanded > limits.maxExpandedChars) {
      throw new InputError("espansione delle entità oltre il limite consentito: documento rifiutato", { file });
    }
  }
}

/**
 * Parses XML into plain objects (attributes as `@_name`, text as `#text` beside attributes,
 * namespace prefixes removed, `arrayTags` always arrays). Throws InputError for anything unsafe
 * or unreadable.
 */
export function parseXmlSafely(
  input: Uint8Array,
  options: { file: string; arrayTags?: readonly string[]; limits?: Partial<XmlLimits> },
): XmlNode {
  const limits = { ...DEFAULT_XML_LIMITS, ...options.limits };
  const file = options.file;
  if (input.byteLength > limits.maxBytes) {
    throw new InputError(`documento XML troppo grande: ${input.byteLength} byte, massimo ${limits.maxBytes}`, { file });
  }
  const text = decodeXml(input);
  if (text.trim() === "") throw new InputError("il file è vuoto", { file });
  checkDoctype(text, limits, file);
  const arrayTags = new Set(options.arrayTags ?? []);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: {
      enabled: true,
      maxEntitySize: limits.maxEntityChars,
      maxEntityCount: limits.maxEntities,
      maxTotalExpansions: 10_000,
      maxExpandedLength: limits.maxExpandedChars,
    },
    htmlEntities: false,
    maxNestedTags: limits.maxDepth,
    isArray: (name) => arrayTags.has(name),
  });
  let document: unknown;
  try {
    document = parser.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`XML non valido: ${message.slice(0, 300)}`, { file });
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new InputError("XML non valido: nessun elemento radice", { file });
  }
  return document as XmlNode;
}

/** Text content of a parsed node: a string, a node's `#text`, or the first of an array. */
export function xmlText(node: unknown): string {
  if (typeof node === "string") return node;
  if (typeof node === "number" || typeof node === "boolean") return String(node);
  if (Array.isArray(node)) {
    for (const item of node) {
      const text = xmlText(item);
      if (text) return text;
    }
    return "";
  }
  if (typeof node === "object" && node !== null && Object.prototype.hasOwnProperty.call(node, "#text")) {
    return xmlText((node as XmlNode)["#text"]);
  }
  return "";
}
