import { describe, expect, it } from 'vitest';
import { buildAliasIndex, type Severity } from '../../../functions/engine/index.js';
import {
  buildCheckRunOutput,
  compareWithBase,
  decideConclusion,
} from '../../../functions/github/check-output/index.js';
import { finding } from './fixtures.js';

const aliasIndex = buildAliasIndex([]);
const of = (...severities: Severity[]) => severities.map((severity) => finding({ severity }));

describe('decideConclusion', () => {
  it('passes a pull request whose errors are all already on the base, and lists them', () => {
    const head = of('error', 'error');
    const comparison = compareWithBase(head, head);
    expect(decideConclusion({ mode: 'pull_request', failOn: 'new', head, comparison })).toBe(
      'success',
    );
    const output = buildCheckRunOutput({
      head: { findings: head, thirdParties: [] },
      base: { findings: head, thirdParties: [] },
      mode: 'pull_request',
      failOn: 'new',
      aliasIndex,
    });
    expect(output.conclusion).toBe('success');
    expect(output.summary).toContain(
      '### Already on the base branch (2): not failing this pull request',
    );
    expect(output.summary).toContain(head[0]!.message);
    expect(output.annotationBatches.flat()).toHaveLength(2);
  });

  it('fails a pull request on an error it introduces', () => {
    const old = of('error');
    const head = [...old, ...of('error')];
    const comparison = compareWithBase(head, old);
    expect(decideConclusion({ mode: 'pull_request', failOn: 'new', head, comparison })).toBe(
      'failure',
    );
  });

  it('fails a pull request on pre-existing errors with fail-on: all', () => {
    const head = of('error');
    const comparison = compareWithBase(head, head);
    expect(decideConclusion({ mode: 'pull_request', failOn: 'all', head, comparison })).toBe(
      'failure',
    );
  });

  it('judges a push on everything, whatever fail-on says', () => {
    const head = of('error');
    expect(decideConclusion({ mode: 'push', failOn: 'new', head, comparison: null })).toBe(
      'failure',
    );
    // Even when handed a comparison in which nothing is new.
    const comparison = compareWithBase(head, head);
    expect(decideConclusion({ mode: 'push', failOn: 'new', head, comparison })).toBe('failure');
  });

  it('is neutral for warnings only, and passes on notices only or nothing', () => {
    const judge = (head: ReturnType<typeof of>) =>
      decideConclusion({ mode: 'push', failOn: 'all', head, comparison: null });
    expect(judge(of('warning', 'notice'))).toBe('neutral');
    expect(judge(of('notice', 'notice'))).toBe('success');
    expect(judge([])).toBe('success');
  });

  it('is neutral for a pull request that introduces only warnings over old errors', () => {
    const old = of('error');
    const head = [...old, ...of('warning')];
    const comparison = compareWithBase(head, old);
    expect(decideConclusion({ mode: 'pull_request', failOn: 'new', head, comparison })).toBe(
      'neutral',
    );
  });

  it('judges a pull request without a base result on everything', () => {
    const output = buildCheckRunOutput({
      head: { findings: of('error'), thirdParties: [] },
      base: null,
      mode: 'pull_request',
      failOn: 'new',
      aliasIndex,
    });
    expect(output.conclusion).toBe('failure');
    expect(output.summary).toContain('No result was available for the base branch');
  });
});
