import { RE2JS } from 're2js';

/**
 * What a secret looks like in text: the shapes of the credentials this service handles (the
 * App's PEM private key, GitHub tokens, the App JWT, Authorization headers, AWS keys), and the
 * forms a known secret value takes once written into a JSON log line. The logger masks them
 * (log.ts); `findSecrets` finds them, for a soak run that scans every log line.
 */

/**
 * A credential's shape. `pattern` is compiled by RE2 (re2js), so matching takes time linear in
 * the text whatever the text: every string of every log line goes through these, and a
 * backtracking RegExp took 370 ms on `authorization:` and 16,000 spaces.
 */
export interface SecretShape {
  name: string;
  pattern: RE2JS;
  /** The replacement that masks a match (`$1` keeps a field name or a scheme), or a function. */
  mask: string | ((match: string, ...groups: string[]) => string);
}

export const REDACTED = '[REDACTED]';

// What JavaScript's `\s` matches; RE2's `\s` is ASCII only, and a non-breaking space must not
// end a credential early or separate a header name from its value unseen.
const WS =
  '\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
const S = `[${WS}]`;
// A redaction placeholder is not a credential: a value may not start with `[`.
const VALUE = `[^${WS}"'&,;\\[\\]\\\\][^${WS}"'&,;\\\\]*`;
const SCHEME = '(?:bearer|token|basic)';

const shape = (name: string, source: string, mask: SecretShape['mask'], caseless = false) => ({
  name,
  pattern: RE2JS.compile(source, caseless ? RE2JS.CASE_INSENSITIVE : 0),
  mask,
});

export const SECRET_SHAPES: readonly SecretShape[] = [
  // Whole blocks, and a block cut short (an error message clipped mid-key) to the end of text.
  shape(
    'PEM private key',
    '-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)',
    '[REDACTED PRIVATE KEY]',
  ),
  // Installation (ghs_), user-to-server (ghu_), OAuth (gho_), classic (ghp_), refresh (ghr_).
  shape('GitHub token', '\\bgh[opsur]_[A-Za-z0-9_]{16,}', REDACTED),
  shape('GitHub fine-grained token', '\\bgithub_pat_[A-Za-z0-9_]{20,}', REDACTED),
  // The App's JWT (header.payload.signature, base64url of JSON starting `{"`).
  shape(
    'JSON Web Token',
    '\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*',
    REDACTED,
  ),
  // `authorization: token X`, `"authorization":"Bearer X"`, `Authorization=Basic X`. A scheme
  // alone (`token [REDACTED]`, already masked) is not the value: RE2 has no lookahead, so the
  // mask leaves that match as it is.
  shape(
    'Authorization header',
    `(\\bauthorization\\\\?["']?${S}*[:=]${S}*\\\\?["']?${S}*(?:${SCHEME}${S}+)?)(${VALUE})`,
    (match, prefix = '', value = '') =>
      new RegExp(`^${SCHEME}$`, 'i').test(value) ? match : `${prefix}${REDACTED}`,
    true,
  ),
  // A scheme and a credential-length value, without a header name (`Bearer eyJ…`, `token ghs_…`).
  shape(
    'Bearer or token credential',
    `\\b(${SCHEME}${S}+)[A-Za-z0-9._~+/=-]{20,}`,
    `$1${REDACTED}`,
    true,
  ),
  shape('AWS access key id', '\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b', REDACTED),
  // STS session tokens start with these (base64 of their binary header).
  shape('AWS session token', '\\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdzE)[A-Za-z0-9+/=]{20,}', REDACTED),
  // A credential named as one: environment variables, SDK fields, signed-request headers.
  shape(
    'named AWS credential',
    `(\\b(?:aws_secret_access_key|secretAccessKey|aws_session_token|sessionToken|x-amz-security-token|x-amz-signature|X-Amz-Credential|client_secret)\\\\?["']?${S}*[:=]${S}*\\\\?["']?)${VALUE}`,
    `$1${REDACTED}`,
    true,
  ),
];

/** `text` with every match of `shape` masked. */
export function maskShape(text: string, { pattern, mask }: SecretShape): string {
  return pattern.matcher(text).replaceAll(mask);
}

/**
 * Values shorter than this are not treated as secrets: masking them would mangle ordinary text
 * (a 3-letter "secret" occurs everywhere), and no credential this service uses is that short.
 */
export const MIN_SECRET_LENGTH = 8;

/**
 * The forms a secret takes in text: as is, JSON-escaped once (a PEM's newlines as `\n` in a log
 * line) and twice (JSON text inside a JSON string), and each long line of a multi-line secret
 * (a PEM's base64 lines), since one leaked line of a key is a leak too.
 */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const once = JSON.stringify(secret).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  const lines = secret
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= 32 && !line.startsWith('-----'));
  return [...new Set([secret, once, twice, ...lines])];
}

/**
 * The secrets `text` contains, by name: `known secret <n>` (1-based index in `secrets`) for a
 * known value in any of its forms, else the shape's name. The values themselves are never
 * returned, so a report of what was found does not leak it again.
 */
export function findSecrets(text: string, secrets: readonly string[]): string[] {
  const found = new Set<string>();
  secrets.forEach((secret, index) => {
    if (secretForms(secret).some((form) => text.includes(form)))
      found.add(`known secret ${index + 1}`);
  });
  // Found means masking would change the text: a scheme alone after `authorization:` matches
  // the pattern but is not a credential.
  for (const shape of SECRET_SHAPES) if (maskShape(text, shape) !== text) found.add(shape.name);
  return [...found];
}
