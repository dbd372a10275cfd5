import { describe, expect, it } from "vitest";
import { escapeHtml, renderMail } from "~/mail/render.server";
import { invitationMail, passwordResetMail } from "~/mail/templates.server";

describe("Italian e-mails, text and HTML", () => {
  it("escapes every value in the HTML part (SECURITY.md 12)", () => {
    const mail = renderMail({
      subject: "Prova <script>",
      greeting: 'Gentile "Mario" <img src=x onerror=alert(1)>,',
      paragraphs: ["a & b"],
      action: { label: "Apri", url: 'https://example.org/?a=1&b="2"' },
    });
    expect(mail.html).not.toMatch(/<script>|<img/);
    expect(mail.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(mail.html).toContain('href="https://example.org/?a=1&amp;b=&quot;2&quot;"');
    expect(mail.text).toContain('Gentile "Mario" <img src=x onerror=alert(1)>,');
    expect(escapeHtml(`<>&"'`)).toBe("&lt;&gt;&amp;&quot;&#39;");
  });

  it("invitation and reset carry the link, its expiry in Europe/Rome and lang=it", () => {
    const expiresAt = new Date("2026-11-30T10:00:00Z");
    const invite = invitationMail({ name: null, role: "rtd", comuni: ["Bergamo", "Brembate"], link: "https://cruscotto.example/invito/T", expiresAt });
    expect(invite.subject).toBe("Invito al Cruscotto digitale dei comuni lombardi");
    expect(invite.text).toContain("Gentile utente,");
    expect(invite.text).toContain("per i comuni di Bergamo, Brembate");
    expect(invite.text).toContain("https://cruscotto.example/invito/T");
    expect(invite.text).toContain("scade il 30/11/2026, 11:00");
    expect(invite.html).toContain('<html lang="it">');
    const reset = passwordResetMail({ name: "Anna", link: "https://cruscotto.example/reimposta-password/T", expiresAt });
    expect(reset.text).toContain("Gentile Anna,");
    expect(reset.html).toContain("https://cruscotto.example/reimposta-password/T");
  });
});
