import fc from "fast-check";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SourceHtml } from "~/components/source-html";
import { sanitizeSourceHtml } from "~/lib/sanitize-html.server";

describe("text and HTML from sources (SECURITY.md 12)", () => {
  it("text is escaped on output by React", () => {
    const html = renderToStaticMarkup(<p>{'<script>alert("x")</script><img src=x onerror=alert(1)>'}</p>);
    expect(html).toBe("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</p>");
  });

  it("source HTML keeps the allowed formatting and loses scripts, handlers, styles, frames and javascript: links", () => {
    const dirty =
      '<p onclick="steal()">Contributi <strong>fino a</strong> € 50.000</p><script>alert(1)</script>' +
      '<a href="javascript:alert(1)">x</a><a href="https://www.regione.lombardia.it/bando" target="_blank">bando</a>' +
      '<iframe src="https://evil.example"></iframe><img src=x onerror=alert(1)><style>body{display:none}</style>' +
      '<a href="//evil.example/x">y</a><ul><li style="color:red">uno</li></ul>';
    const clean = sanitizeSourceHtml(dirty);
    expect(clean).toBe(
      "<p>Contributi <strong>fino a</strong> € 50.000</p>" +
        '<a rel="noopener noreferrer nofollow">x</a><a href="https://www.regione.lombardia.it/bando" rel="noopener noreferrer nofollow">bando</a>' +
        '<a rel="noopener noreferrer nofollow">y</a><ul><li>uno</li></ul>',
    );
    expect(renderToStaticMarkup(<SourceHtml html={clean} />)).toBe(`<div>${clean}</div>`);
  });

  it("no input yields a script, an event handler or a javascript: URL", () => {
    const fragments = fc.constantFrom("<script>", "</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:x">', "<svg onload=x>", "<p>", "</p>", '"', "'", " on", "=", "<", ">", "javascript:", "<iframe>", "&lt;script&gt;");
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 30 }), (parts) => {
        const clean = sanitizeSourceHtml(parts.join(""));
        expect(clean).not.toMatch(/<script|<iframe|<svg|<img|<[^>]*\son\w+\s*=|href="\s*javascript:/i);
      }),
      { numRuns: 1000, seed: 20261123 },
    );
  });
});
