import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../functions/engine/index.js';
import { check } from '../helpers.js';

// Text that looks like policy Markdown: headings, tables, lists, links, noise and markers.
const fragment = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '# Subprocessors',
    '### Vendor',
    '| Name | Purpose | Location |',
    '|---|---|---|',
    '| A, B | x | US |',
    '|',
    '||',
  ),
  fc.constantFrom(
    '* [Vendor](https://v.com/gdpr) for email.',
    '- **Acme** – hosting',
    '[x] (https://a.b)',
    'TODO(2026-01-01): y',
    '---',
    '> quote',
  ),
  fc.constantFrom(
    '<!-- policy-check-disable-next-line -->',
    '[ref]: https://r.example',
    'The following are located in the US:',
    '\t',
    '\r\n',
  ),
);
const markdownish = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join('\n'));

describe('parsing never throws, and every position lies inside the file', () => {
  it.each(['markdown', 'yaml', 'json'] as const)('%s', (format) => {
    fc.assert(
      fc.property(
        format === 'markdown' ? markdownish : fc.oneof(fc.string(), markdownish, fc.json()),
        (text) => {
          const report = check([{ path: `f.${format}`, text, format }]);
          const document = parseDocument({ path: `f.${format}`, text, format });
          const inside = (line: number): boolean => line >= 1 && line <= document.lineCount;
          for (const f of report.files[0]?.findings ?? []) {
            expect(inside(f.line) && inside(f.endLine) && f.endLine >= f.line).toBe(true);
          }
          for (const t of document.thirdParties)
            expect(inside(t.line) && inside(t.endLine)).toBe(true);
          for (const t of document.todos) expect(inside(t.line)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
