import sanitizeHtml from "sanitize-html";

/**
 * HTML from a source (a call's description, a feed item) is data (SECURITY.md 12): it is shown as
 * text, or — where its formatting matters — passed through this allow-list first. Only
 * `SafeHtml` values reach `<SourceHtml>`, the one place allowed to set inner HTML (ESLint
 * forbids `dangerouslySetInnerHTML` anywhere else).
 */
export type SafeHtml = string & { readonly __safeHtml: true };

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "blockquote", "table", "caption", "thead", "tbody", "tr", "th", "td"],
  allowedAttributes: { a: ["href", "title", "rel"], th: ["scope", "colspan", "rowspan"], td: ["colspan", "rowspan"] },
  allowedSchemes: ["https", "http", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Links from sources open as plain links, never with the opener or our referrer.
  transformTags: { a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "noopener noreferrer nofollow" } }) },
};

export function sanitizeSourceHtml(html: string): SafeHtml {
  return sanitizeHtml(html, OPTIONS) as SafeHtml;
}
