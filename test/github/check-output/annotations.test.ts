import { describe, expect, it } from 'vitest';
import { buildAliasIndex } from '../../../functions/engine/index.js';
import {
  buildAnnotations,
  buildCheckRunOutput,
  chunk,
  compareWithBase,
  toAnnotation,
} from '../../../functions/github/check-output/index.js';
import { docs, finding, manyFindings } from './fixtures.js';

const RANK = { failure: 0, warning: 1, notice: 2 } as const;

describe('annotations', () => {
  it('sends 120 findings as batches of 50, 50 and 20, most severe first', () => {
    const findings = manyFindings(120);
    const output = buildCheckRunOutput({
      head: { findings, thirdParties: [] },
      base: null,
      mode: 'push',
      failOn: 'new',
      aliasIndex: buildAliasIndex([]),
    });
    expect(output.annotationBatches.map((b) => b.length)).toEqual([50, 50, 20]);
    const levels = output.annotationBatches.flat().map((a) => RANK[a.annotation_level]);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    expect(levels[0]).toBe(RANK.failure);
    expect(output.omitted).toBe(0);
  });

  it('annotates 500 of 600 findings and says in the summary that 100 more are not', () => {
    const findings = manyFindings(600);
    const output = buildCheckRunOutput({
      head: { findings, thirdParties: [] },
      base: null,
      mode: 'push',
      failOn: 'new',
      aliasIndex: buildAliasIndex([]),
    });
    expect(output.annotationBatches.flat()).toHaveLength(500);
    expect(output.annotationBatches).toHaveLength(10);
    expect(output.omitted).toBe(100);
    expect(output.summary).toContain('500 findings are annotated; 100 more (100 notices) are not');
    // The cap keeps every error and warning: 200 + 200, and 100 of the 200 notices.
    const levels = output.annotationBatches.flat().map((a) => a.annotation_level);
    expect(levels.filter((l) => l === 'failure')).toHaveLength(200);
    expect(levels.filter((l) => l === 'notice')).toHaveLength(100);
  });

  it('takes the cap as a parameter', () => {
    const result = buildAnnotations(manyFindings(30), { cap: 10 });
    expect(result.annotations).toHaveLength(10);
    expect(result.omitted).toBe(20);
    expect(result.omittedBySeverity).toEqual({ error: 0, warning: 10, notice: 10 });
  });

  it('puts new findings on changed lines first, then other new ones, then the rest', () => {
    const old = finding({ severity: 'error', line: 1, fingerprint: 'v1:old' });
    const newElsewhere = finding({ severity: 'error', line: 2, fingerprint: 'v1:new-far' });
    const newOnChange = finding({ severity: 'notice', line: 30, endLine: 32, fingerprint: 'v1:n' });
    const head = [old, newElsewhere, newOnChange];
    const comparison = compareWithBase(head, [old]);
    const { annotations } = buildAnnotations(head, {
      comparison,
      changedLines: new Map([['policies/subprocessors.md', new Set([31])]]),
    });
    expect(annotations.map((a) => a.start_line)).toEqual([30, 2, 1]);
    expect(annotations[0]!.raw_details).toContain('New in this pull request.');
    expect(annotations[2]!.raw_details).toContain(
      'Already on the base branch: it does not fail this pull request',
    );
  });

  it('orders by path and line within a severity', () => {
    const { annotations } = buildAnnotations([
      finding({ path: 'b.md', line: 1 }),
      finding({ path: 'a.md', line: 9 }),
      finding({ path: 'a.md', line: 2 }),
    ]);
    expect(annotations.map((a) => `${a.path}:${a.start_line}`)).toEqual([
      'a.md:2',
      'a.md:9',
      'b.md:1',
    ]);
  });

  it('maps a finding onto the API shape, with columns only on one line', () => {
    const one = finding({
      ruleId: 'location-required',
      severity: 'error',
      line: 12,
      endLine: 12,
      column: 3,
      endColumn: 40,
      thirdParty: 'Mailgun',
      message: 'Mailgun has no location.',
    });
    expect(toAnnotation(one)).toEqual({
      path: 'policies/subprocessors.md',
      start_line: 12,
      end_line: 12,
      start_column: 3,
      end_column: 40,
      annotation_level: 'failure',
      message: 'Mailgun has no location.',
      title: 'location-required (Mailgun)',
      raw_details: `Rule location-required: ${docs('location-required')}\nFingerprint: ${one.fingerprint}`,
    });
    const across = toAnnotation(finding({ severity: 'warning', line: 12, endLine: 14 }));
    expect(across).not.toHaveProperty('start_column');
    expect(across).not.toHaveProperty('end_column');
    expect(across.annotation_level).toBe('warning');
    expect(toAnnotation(finding({ severity: 'notice' })).annotation_level).toBe('notice');
  });

  it('keeps message and details within 64 KB', () => {
    const huge = finding({ message: '€'.repeat(100_000), thirdParty: 'x'.repeat(10_000) });
    const a = toAnnotation(huge, 'new');
    expect(Buffer.byteLength(a.message)).toBeLessThanOrEqual(65_535);
    expect(a.message.endsWith('…')).toBe(true);
    expect(a.title!.length).toBeLessThanOrEqual(255);
  });

  it('chunks into batches of 50 by default', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk(Array.from({ length: 101 }, (_, i) => i)).map((b) => b.length)).toEqual([
      50, 50, 1,
    ]);
    expect(chunk([])).toEqual([]);
  });
});
