/** Escaping and links for the public page: every value from a policy file goes through here. */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// C0/C1 controls other than tab and newlines, and lone surrogates (which UTF-8 cannot carry).
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as HTML text or a quoted attribute value: markup shows as text, controls as U+FFFD. */
export function escapeHtml(text: string): string {
  return text.replace(UNPRINTABLE, '\uFFFD').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** An absolute http(s) URL, or null: `javascript:`, `data:`, relative and broken links are not links. */
export function webUrl(value: string | null | undefined): URL | null {
  const text = value?.trim() ?? '';
  if (!/^https?:\/\//i.test(text)) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

const MAX_SHOWN = 44;

/** `mailgun.com/legal/dpa`: what a reader needs to see of a link; the href keeps all of it. */
export function shortUrl(url: URL): string {
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  let shown = url.hostname.replace(/^www\./, '') + decodeSafely(path);
  if (shown.length > MAX_SHOWN) shown = `${shown.slice(0, MAX_SHOWN - 1)}…`;
  return shown;
}

function decodeSafely(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** A path as HTML that wraps after its slashes rather than inside a word. */
export function wrappingPath(path: string): string {
  return escapeHtml(path).replace(/\/(?=.)/g, '/<wbr>');
}

/** `<a href>` for a web URL, else the value as plain text (`javascript:` stays text). */
export function linkOrText(value: string): string {
  const url = webUrl(value);
  if (!url) return escapeHtml(value);
  return `<a href="${escapeHtml(url.href)}">${wrappingPath(shortUrl(url))}</a>`;
}
