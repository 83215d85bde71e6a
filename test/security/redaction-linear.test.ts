import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { redact } from '../../functions/service/log.js';
import { SECRET_SHAPES, findSecrets } from '../../functions/service/secret-scan.js';

/**
 * Issue 15, point 9: every string of every log line goes through the secret shapes, so a shape
 * that backtracks lets a request body hold a function for seconds (`authorization:` and 16,000
 * spaces took 370 ms, a run of `eyJ-` 66 ms and growing with the square). Linear by
 * construction: each shape is compiled by RE2, which has no backtracking; the test checks that,
 * not a timing.
 */
describe('secret shapes are linear by construction', () => {
  it.each(SECRET_SHAPES.map((shape) => [shape.name, shape] as const))(
    '%s is compiled by RE2 (re2js), not a backtracking RegExp',
    (_, shape) => {
      expect(shape.pattern).toBeInstanceOf(RE2JS);
      expect(shape.pattern).not.toBeInstanceOf(RegExp);
    },
  );

  it('still masks an Authorization value behind a long run of spaces, or any Unicode space', () => {
    const spaces = ' '.repeat(16_000);
    expect(redact(`authorization:${spaces}s3cr3t-value`)).toBe(`authorization:${spaces}[REDACTED]`);
    expect(redact('Authorization:\u00a0Bearer\u2003s3cr3t-value')).toBe(
      'Authorization:\u00a0Bearer\u2003[REDACTED]',
    );
    expect(redact('"authorization": "Basic dXNlcjpwYXNz"')).toBe(
      '"authorization": "Basic [REDACTED]"',
    );
  });

  it('leaves a scheme alone (already masked, or no value) as it is, and finds nothing there', () => {
    for (const text of [
      '{"authorization":"token [REDACTED]"}',
      'authorization: Bearer',
      'Authorization = basic',
    ]) {
      expect(redact(text)).toBe(text);
      expect(findSecrets(text, [])).toEqual([]);
    }
  });

  it('masks a value that only starts like a scheme', () => {
    expect(redact('authorization: tokenized-secret')).toBe('authorization: [REDACTED]');
  });
});
