import { describe, expect, it } from 'vitest';
import { buildAliasIndex } from '../../../functions/engine/index.js';
import {
  buildCheckRunOutput,
  reportToResult,
} from '../../../functions/github/check-output/index.js';
import { report } from '../../report/fixture.js';

const aliasIndex = buildAliasIndex([['Amazon Web Services', 'AWS']]);

describe('buildCheckRunOutput from an engine report', () => {
  it('counts a file that could not be read as an error, on its line 1', () => {
    const output = buildCheckRunOutput({
      head: report,
      base: null,
      mode: 'push',
      failOn: 'new',
      aliasIndex,
    });
    expect(output.conclusion).toBe('failure');
    // The report's 5 errors, and the unreadable file's.
    expect(output.title).toBe('6 errors, 3 warnings, 2 notices in 3 files · 9 third parties');
    const unreadable = output.annotationBatches
      .flat()
      .find((a) => a.path === 'policies/archive/subprocessors-2019.md');
    expect(unreadable).toMatchObject({
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      title: 'file-unreadable',
    });
    expect(output.text).toContain('### policies/archive/subprocessors-2019.md (1)');
  });

  it('compares a report with itself as the base: nothing new, nothing fixed', () => {
    const output = buildCheckRunOutput({
      head: report,
      base: reportToResult(report),
      mode: 'pull_request',
      failOn: 'new',
      changedLines: new Map(),
      aliasIndex,
    });
    expect(output.conclusion).toBe('success');
    expect(output.title).toMatch(/\(0 new, 0 fixed\)$/);
    expect(output.summary).not.toContain('Third-party list changes');
    expect(output.annotationBatches.flat()).toHaveLength(11);
  });
});
