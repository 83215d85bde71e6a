import { RE2JS } from 're2js';
import type { Span } from '../model.js';
import type { RuleContext, RuleType } from '../rules/rule.js';
import { daysBetween } from '../extract/dates.js';

type Params = { markers?: string[]; pattern?: string; maxAgeDays: number; fix: string };

interface Occurrence {
  span: Span;
  text: string;
  due: string | null;
}

function occurrences({ document, params }: RuleContext<Params>): Occurrence[] {
  if (params.pattern) {
    // The pattern comes from the repository's config: RE2 matches in time linear in the line,
    // where RegExp backtracks, so `(a+)+$` on a line of a's would hold the check for ever.
    // Its syntax was validated with RE2 too (validator.ts); columns are UTF-16 offsets, as
    // everywhere else.
    const pattern = RE2JS.compile(params.pattern);
    return document.lines.flatMap((line, i) => {
      const m = pattern.matcher(line);
      if (!m.find()) return [];
      const span = { line: i + 1, column: m.start() + 1, endLine: i + 1, endColumn: m.end() + 1 };
      return [{ span, text: line.slice(m.start(), m.end()), due: null }];
    });
  }
  const markers = new Set(params.markers ?? ['TODO', 'FIXME', 'TBD', 'XXX']);
  return document.todos
    .filter((t) => markers.has(t.marker))
    .map((t) => ({
      span: { line: t.line, column: t.column, endLine: t.line, endColumn: t.endColumn },
      text: t.text,
      due: t.due,
    }));
}

/**
 * Reports a forbidden marker once it is older than allowed (age of its line from blame) or
 * past its own date; a fresh one, or one whose age is unknown, is a notice.
 */
export const forbiddenPattern: RuleType<Params> = {
  type: 'forbidden-pattern',
  paramsSchema: {
    type: 'object',
    required: ['maxAgeDays', 'fix'],
    properties: {
      markers: { type: 'array', items: { type: 'string' } },
      pattern: { type: 'string', format: 'regex' },
      maxAgeDays: { type: 'integer', minimum: 0 },
      fix: { type: 'string' },
    },
    additionalProperties: false,
  },
  check(context) {
    const { document, params, env, report } = context;
    for (const { span, text, due } of occurrences(context)) {
      const quoted = `"${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`;
      if (due) {
        const overdue = daysBetween(due, env.now) ?? 0;
        if (overdue > 0)
          report({ span, message: `${quoted} is past its date ${due}; ${params.fix}` });
        else
          report({
            span,
            severity: 'notice',
            message: `${quoted} is due ${due}; resolve it by then`,
          });
        continue;
      }
      const age = env.lineAge(document.path, span.line);
      if (age === undefined)
        report({
          span,
          severity: 'notice',
          message: `${quoted}: its age is unknown (no git history for this line); ${params.fix}`,
        });
      else if (age > params.maxAgeDays)
        report({
          span,
          message: `${quoted} is ${age} days old (allowed: ${params.maxAgeDays}); ${params.fix}`,
        });
      else
        report({
          span,
          severity: 'notice',
          message: `${quoted} is ${age} days old; resolve it within ${params.maxAgeDays} days`,
        });
    }
  },
};
