import type { Suppression } from '../model.js';

// `<!-- policy-check-disable-next-line a, b -- why -->` in Markdown, `# …` in YAML.
const DIRECTIVE =
  /(?:<!--|#|\/\/)\s*policy-check-(disable-next-line|disable-line|disable|enable)\b([^>\n]*?)(?:-->|$)/;

function parseArgs(rest: string): { rules: string[]; reason: string | null } {
  const [rulePart = '', ...reasonParts] = rest.split(/\s--\s?/);
  const reason = reasonParts.join(' -- ').trim() || null;
  const rules = rulePart
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return { rules, reason };
}

/** Inline suppression comments, markdownlint style: next-line, line, and disable/enable ranges. */
export function findSuppressions(lines: readonly string[]): Suppression[] {
  const result: Suppression[] = [];
  const open = new Map<string, { fromLine: number; reason: string | null; rules: string[] }>();
  lines.forEach((text, index) => {
    const match = DIRECTIVE.exec(text);
    if (!match) return;
    const line = index + 1;
    const { rules, reason } = parseArgs(match[2] ?? '');
    const key = [...rules].sort().join(',');
    switch (match[1]) {
      case 'disable-next-line':
        result.push({ rules, fromLine: line + 1, toLine: line + 1, reason });
        break;
      case 'disable-line':
        result.push({ rules, fromLine: line, toLine: line, reason });
        break;
      case 'disable':
        open.set(key, { fromLine: line, reason, rules });
        break;
      case 'enable': {
        const started = open.get(key);
        if (started) result.push({ ...started, toLine: line });
        open.delete(key);
        break;
      }
    }
  });
  // A `disable` never re-enabled runs to the end of the file.
  for (const started of open.values()) result.push({ ...started, toLine: lines.length });
  return result;
}

/** True when a suppression covers this rule at this line. */
export function isSuppressed(
  suppressions: readonly Suppression[],
  ruleId: string,
  line: number,
): boolean {
  return suppressions.some(
    (s) =>
      line >= s.fromLine && line <= s.toLine && (s.rules.length === 0 || s.rules.includes(ruleId)),
  );
}
