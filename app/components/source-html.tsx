import type { SafeHtml } from "~/lib/sanitize-html.server";

/** Renders HTML from a source, only once sanitised by `sanitizeSourceHtml` (SECURITY.md 12). */
export function SourceHtml({ html, className }: { html: SafeHtml; className?: string }) {
  // eslint-disable-next-line no-restricted-syntax -- the single, typed entry point for source HTML
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
