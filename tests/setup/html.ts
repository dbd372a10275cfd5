import { DomUtils, parseDocument } from "htmlparser2";

/** Reading server-rendered pages in HTTP tests: elements by tag and attributes, their visible text. */
export type HtmlElement = ReturnType<typeof DomUtils.findAll>[number];
type Scope = HtmlElement | ReturnType<typeof parseDocument>;

export function parseHtml(html: string): ReturnType<typeof parseDocument> {
  return parseDocument(html);
}

/** Elements with this tag (and, when given, these attribute values) below a node. */
export function findAll(scope: Scope, tag: string, attributes: Record<string, string> = {}): HtmlElement[] {
  return DomUtils.findAll(
    (el) => el.name === tag && Object.entries(attributes).every(([name, value]) => el.attribs[name] === value),
    scope.children,
  );
}

export function findOne(scope: Scope, tag: string, attributes: Record<string, string> = {}): HtmlElement {
  const found = findAll(scope, tag, attributes);
  if (found.length === 0) throw new Error(`nessun <${tag}> con ${JSON.stringify(attributes)}`);
  return found[0]!;
}

const BLOCKS = new Set(["address", "br", "dd", "div", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ol", "p", "section", "td", "th", "tr", "ul"]);

/**
 * The text a reader sees: entities decoded, React's `<!-- -->` separators gone, block elements
 * (and Bootstrap's `d-block` spans) set apart by a space, spaces squashed.
 */
export function textOf(node: Scope): string {
  const parts: string[] = [];
  const walk = (n: Scope | Scope["children"][number]) => {
    if (DomUtils.isText(n)) parts.push(n.data);
    else if (DomUtils.isTag(n)) {
      const block = BLOCKS.has(n.name) || (n.attribs.class ?? "").split(/\s+/).includes("d-block");
      if (block) parts.push(" ");
      for (const child of n.children) walk(child);
      if (block) parts.push(" ");
    } else if ("children" in n) for (const child of n.children) walk(child);
  };
  walk(node);
  return parts.join("").replace(/\s+/g, " ").trim();
}

/** The text exactly as written (a textarea's value): entities decoded, nothing squashed. */
export function rawText(node: Scope): string {
  return DomUtils.textContent(node);
}

/** The rows of a table (or of its tbody) as arrays of cell texts, header cells included. */
export function tableRows(scope: Scope): string[][] {
  return findAll(scope, "tr").map((tr) => tr.children.filter((c): c is HtmlElement => DomUtils.isTag(c)).map(textOf));
}
