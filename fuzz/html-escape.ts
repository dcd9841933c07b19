/**
 * Escaping text for HTML and SVG markup, used for every piece of data the report shows
 * (signatures hold `<`, `>`, `&` and quotes).
 *
 * Invariants: the result contains none of & < > " ' unescaped, so it is safe both as element text
 * and inside a double- or single-quoted attribute; `&` is replaced first so nothing is escaped
 * twice. Hand-written rather than a dependency: it is one replacement table.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}
