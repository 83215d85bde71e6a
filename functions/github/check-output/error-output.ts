import { clip } from './markdown.js';

/**
 * The output of a check run that could not finish: the check function crashed after the run
 * was created, and the run is completed with this instead of being left "in progress".
 *
 * Conclusion `failure`. The alternatives: `neutral` and `skipped` count as passing for a
 * required status check, so a crash of ours would let an unchecked policy change merge, which
 * is the one thing this check exists to prevent; `cancelled` says someone stopped it, and
 * `timed_out` that it ran too long, neither of which is what happened; `action_required` is
 * for an action the app offers, and this app offers none; `stale` is GitHub's alone. So the
 * run fails closed, and the title and summary say that the check itself broke, not the policy.
 */
export const ERROR_CONCLUSION = 'failure' as const;

/** How much of the error message the summary keeps. */
const MESSAGE_LIMIT = 1_000;

export interface ErrorContext {
  /** What the check was doing, in a few words (`reading the policy files`). */
  stage?: string;
  /** The webhook delivery, so maintainers can find the logs. */
  deliveryId?: string;
}

export interface ErrorOutput {
  conclusion: typeof ERROR_CONCLUSION;
  title: string;
  summary: string;
}

/** The output that completes a check run after a crash, with a sanitised error message. */
export function errorOutput(error: unknown, input: ErrorContext = {}): ErrorOutput {
  const message = sanitiseErrorMessage(describeError(error));
  const stage = input.stage ? clip(oneLineText(input.stage), 200) : null;
  const lines = [
    `The policy check could not complete${stage ? ` while ${escapeInline(stage)}` : ''}. ` +
      'This is a problem with the check itself, not a finding about your policy files: ' +
      'nothing was checked on this commit.',
    '',
    fence(message),
    '',
    '**What you can do**',
    '',
    '- Re-run the check: open the **Checks** tab of this commit or pull request, choose ' +
      '**Policy compliance** and **Re-run**. Errors from GitHub or the network are often temporary.',
    '- If it fails again the same way, check `.policy-checker.yml` and the policy files changed ' +
      'in this commit, or run `policy-check check` locally, which reports the same problems.',
    '- If it keeps failing, report it to whoever runs the Policy compliance app' +
      (input.deliveryId ? ` and quote delivery \`${safeId(input.deliveryId)}\`.` : '.'),
  ];
  const summary = lines.join('\n');
  return {
    conclusion: ERROR_CONCLUSION,
    title: 'Policy check could not complete',
    summary,
  };
}

/** The error's name and message (and its cause's), never its stack. */
function describeError(error: unknown): string {
  const one = (e: unknown): string => {
    if (e instanceof Error) {
      const status = (e as { status?: unknown }).status;
      const http = typeof status === 'number' ? ` (HTTP ${status})` : '';
      return `${e.name || 'Error'}${http}: ${e.message}`;
    }
    if (typeof e === 'string') return e;
    return 'Unknown error';
  };
  let text = one(error);
  const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined;
  if (cause !== undefined && cause !== error) text += `\nCaused by: ${one(cause)}`;
  return text;
}

/**
 * Takes out of an error message what must not reach a public check run: stack frames, file
 * system paths, tokens and keys (GitHub tokens, JWTs, AWS keys, bearer and basic credentials,
 * private keys, signed-URL parameters, credentials in URLs); and caps its length.
 */
export function sanitiseErrorMessage(message: string): string {
  const text = message
    // Private keys, whole.
    .replace(
      /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
      '[private key]',
    )
    // Stack frames: `    at fn (file:line:col)`.
    .split(/\r\n|\r|\n/)
    .filter((line) => !/^\s*at\s/.test(line))
    .join('\n')
    // Credentials in URLs, before the keywords below take `token:` in them for a key.
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi, '$1[redacted]@')
    // GitHub tokens (classic, fine-grained, app installation, OAuth, refresh).
    .replace(/\b(?:gh[pousr]_[A-Za-z0-9_]{16,}|github_pat_[A-Za-z0-9_]{20,})/g, '[token]')
    // JSON Web Tokens (the App's own JWT).
    .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[token]')
    // AWS access keys and secrets named as such.
    .replace(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '[key]')
    .replace(
      /\b(authorization|token|secret|password|passwd|api[_-]?key|x-amz-[a-z-]*|signature|credential|sig)(["']?\s*[:=]\s*["']?)(?:(?:bearer|token|basic)\s+)?[^\s"'&,;]+/gi,
      '$1$2[redacted]',
    )
    .replace(/\b(bearer|token|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]')
    // Long opaque strings (hex or base64 of 40+ characters) that could be secrets.
    .replace(/\b[A-Za-z0-9+/_-]{40,}={0,2}/g, '[redacted]')
    // File URLs and absolute paths: the machine's layout is nobody's business.
    .replace(/\bfile:\/\/\S+/g, '[path]')
    .replace(/(^|[\s'"(=[])(?:\/[^\s'"():,]+)+/g, '$1[path]')
    .replace(/(^|[\s'"(=[])[A-Za-z]:\\[^\s'"():,]*/g, '$1[path]')
    .trim();
  return clip(text === '' ? 'Unknown error' : text, MESSAGE_LIMIT);
}

/** A fenced code block that the message cannot close early. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(Math.max(3, longest + 1));
  return `${marks}text\n${text}\n${marks}`;
}

function oneLineText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

function escapeInline(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function safeId(id: string): string {
  return clip(id.replace(/[^A-Za-z0-9._-]/g, ''), 100);
}
