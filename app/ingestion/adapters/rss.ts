import { formatDate } from "~/domain/format";
import { squashWhitespace } from "~/domain/text";
import { BENEFICIARY_LABELS } from "~/domain/taxonomy";
import { InputError } from "~/lib/errors";
import { guessBeneficiaries, plainText, textSuggestions } from "../text-hints";
import type { AdapterContext, ParsedSource, RawCall, SourceAdapter } from "../types";
import { type XmlNode, parseXmlSafely, xmlText } from "../xml";
import { SourceCollector, isRecord, own, safeUrl, unique } from "./shared";

/**
 * Any RSS 2.0 (also RSS 1.0/RDF) or Atom feed of a ministry, foundation or agency. Each item
 * becomes a draft call for curators: title, link, description, id from guid/id or link. Dates
 * and amounts found in the text are only SUGGESTIONS, never `scadenza` or amounts. The XML is
 * read by `parseXmlSafely` (no external entities, bounded expansion, size limit). Decision 0024.
 */

const MAX_ID_LENGTH = 500;

interface Feed {
  title: string;
  link: string | null;
  entries: unknown[];
  atom: boolean;
}

function asNode(value: unknown): XmlNode | undefined {
  if (Array.isArray(value)) return asNode(value[0]);
  return isRecord(value) ? value : undefined;
}

/** An element's link: RSS `<link>text</link>` or Atom `<link href rel>` (alternate or no rel first). */
export function linkOf(value: unknown): string | null {
  const links = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const hrefs: { href: string; rel: string }[] = [];
  for (const link of links) {
    if (typeof link === "string") {
      const url = safeUrl(link);
      if (url) return url;
    } else if (isRecord(link)) {
      const text = safeUrl(xmlText(link));
      if (text) return text;
      const href = safeUrl(own(link, "@_href"));
      if (href) hrefs.push({ href, rel: typeof own(link, "@_rel") === "string" ? String(own(link, "@_rel")) : "" });
    }
  }
  return (hrefs.find((h) => h.rel === "" || h.rel === "alternate") ?? hrefs[0])?.href ?? null;
}

function readFeed(document: XmlNode, file: string): Feed {
  const rss = asNode(own(document, "rss"));
  if (rss) {
    const channel = asNode(own(rss, "channel"));
    if (!channel) throw new InputError("feed RSS senza elemento <channel>", { file });
    const items = own(channel, "item");
    return { title: xmlText(own(channel, "title")), link: linkOf(own(channel, "link")), entries: Array.isArray(items) ? items : [], atom: false };
  }
  const rdf = asNode(own(document, "RDF"));
  if (rdf) {
    const channel = asNode(own(rdf, "channel"));
    const items = own(rdf, "item");
    return {
      title: channel ? xmlText(own(channel, "title")) : "",
      link: channel ? linkOf(own(channel, "link")) : null,
      entries: Array.isArray(items) ? items : [],
      atom: false,
    };
  }
  const feed = asNode(own(document, "feed"));
  if (feed) {
    const entries = own(feed, "entry");
    const author = asNode(own(feed, "author"));
    return {
      title: xmlText(own(feed, "title")) || (author ? xmlText(own(author, "name")) : ""),
      link: linkOf(own(feed, "link")),
      entries: Array.isArray(entries) ? entries : [],
      atom: true,
    };
  }
  throw new InputError("il documento non è un feed RSS 2.0 o Atom", { file });
}

function hostOf(url: string | null): string {
  if (!url) return "";
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}

function publishedOn(text: string): string | null {
  if (!text) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : formatDate(new Date(time));
}

export function parseRss(input: Uint8Array, context: AdapterContext): ParsedSource {
  const file = context.file;
  const document = parseXmlSafely(input, { file, arrayTags: ["item", "entry", "link"] });
  const feed = readFeed(document, file);
  const out = new SourceCollector("rss");
  const feedIssuer = squashWhitespace(feed.title) || hostOf(feed.link);

  feed.entries.forEach((entry: unknown, index) => {
    const position = { index };
    if (!isRecord(entry)) {
      out.reject(position, feed.atom ? "entry" : "item", "elemento del feed vuoto o non strutturato");
      return;
    }
    const get = (name: string) => own(entry, name);
    const title = squashWhitespace(plainText(xmlText(get("title"))));
    if (!title) {
      out.reject(position, "title", "titolo mancante");
      return;
    }
    const link = linkOf(get("link"));
    const id = squashWhitespace(xmlText(get(feed.atom ? "id" : "guid"))) || link || "";
    if (!id) {
      out.reject(position, feed.atom ? "id" : "guid", "elemento senza identificativo (guid/id) né link");
      return;
    }
    if (id.length > MAX_ID_LENGTH) {
      out.reject(position, feed.atom ? "id" : "guid", `identificativo troppo lungo (${id.length} caratteri)`);
      return;
    }
    const issuer = feedIssuer || hostOf(link);
    if (!issuer) {
      out.reject(position, "title", "ente non determinabile: il feed non ha titolo né link");
      return;
    }
    // The richest body is the description; hints read every body the item carries.
    const bodies = [get("encoded"), get("content"), get("description"), get("summary")].map(xmlText).filter((t) => t.trim() !== "");
    const html = bodies[0] ?? "";
    const text = unique(bodies.map(plainText)).join(" ");
    const suggerimenti = textSuggestions(`${title}. ${text}`);
    const published = publishedOn(xmlText(get("pubDate")) || xmlText(get("date")) || xmlText(get("published")) || xmlText(get("updated")));
    if (published) suggerimenti.push(`Pubblicato nel feed il ${published}.`);
    const guessed = guessBeneficiaries(`${title}. ${text}`);
    if (guessed.length > 0) {
      suggerimenti.push(`Possibili beneficiari citati nel testo: ${guessed.map((key) => BENEFICIARY_LABELS[key].toLowerCase()).join(", ")}.`);
    }
    suggerimenti.push("Elemento di un feed: scadenza, importi e beneficiari da inserire dopo la lettura del bando.");

    const call: RawCall = {
      idFonte: id,
      titolo: title,
      ente: issuer,
      descrizione: html || null,
      url: link,
      temi: [],
      beneficiari: [],
      suggerimenti,
    };
    out.add(position, call, feed.atom ? "id" : "guid");
  });
  return out.result(feed.entries.length);
}

export const rssAdapter: SourceAdapter = {
  source: "rss",
  label: "Feed RSS 2.0 o Atom",
  mediaTypes: ["application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml"],
  parse: parseRss,
};
