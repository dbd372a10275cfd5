import { Parser } from "htmlparser2";

/**
 * Source HTML reduced to safe plain text (SECURITY.md 12): tags dropped, entities decoded,
 * scripts, styles and other non-text content removed, block elements turned into line breaks
 * and list items into "• " lines. The result is data, escaped on output like any text.
 */

const BLOCKS = new Set([
  "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
  "article", "header", "footer", "blockquote", "pre", "hr", "dt", "dd", "dl", "address", "figure", "figcaption",
]);
const DROP = new Set(["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head", "title", "textarea", "select", "button"]);

/** At most this much HTML is read (a longer description is cut, never a reason to fail). */
const MAX_HTML = 500_000;

export function htmlToText(html: string): string {
  const out: string[] = [];
  let dropDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (DROP.has(name)) dropDepth++;
        else if (dropDepth === 0 && BLOCKS.has(name)) out.push(name === "li" ? "\n• " : "\n");
      },
      ontext(text) {
        if (dropDepth === 0) out.push(text);
      },
      onclosetag(name, isImplied) {
        if (DROP.has(name)) dropDepth = Math.max(0, dropDepth - 1);
        else if (dropDepth === 0 && BLOCKS.has(name) && name !== "li" && !isImplied) out.push("\n");
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html.length > MAX_HTML ? html.slice(0, MAX_HTML) : html);
  parser.end();
  return out
    .join("")
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
