import { describe, expect, it } from 'vitest';
import { compareWithBase } from '../../../functions/github/check-output/index.js';
import { finding } from './fixtures.js';

describe('compareWithBase', () => {
  it('says what the head introduces and fixes by fingerprint, not by line', () => {
    const kept = finding({ fingerprint: 'v1:kept', line: 10 });
    const moved = { ...kept, line: 42, endLine: 42 };
    const gone = finding({ fingerprint: 'v1:gone' });
    const added = finding({ fingerprint: 'v1:added' });
    const result = compareWithBase([moved, added], [kept, gone]);
    expect(result.introduced).toEqual([added]);
    expect(result.fixed).toEqual([gone]);
    expect(result.unchanged).toEqual([moved]);
  });

  it('counts a fingerprint as many times as it occurs on each side', () => {
    const a = finding({ fingerprint: 'v1:same' });
    const b = finding({ fingerprint: 'v1:same' });
    const c = finding({ fingerprint: 'v1:same' });
    const twiceOnHead = compareWithBase([a, b], [c]);
    expect(twiceOnHead.unchanged).toEqual([a]);
    expect(twiceOnHead.introduced).toEqual([b]);
    expect(twiceOnHead.fixed).toEqual([]);
    const twiceOnBase = compareWithBase([a], [b, c]);
    expect(twiceOnBase.unchanged).toEqual([a]);
    expect(twiceOnBase.introduced).toEqual([]);
    expect(twiceOnBase.fixed).toEqual([c]);
  });

  it('keeps the base order for fixed findings', () => {
    const base = [
      finding({ fingerprint: 'v1:x' }),
      finding({ fingerprint: 'v1:y' }),
      finding({ fingerprint: 'v1:x' }),
    ];
    expect(compareWithBase([], base).fixed).toEqual(base);
  });

  it('counts everything as introduced when there is no base result', () => {
    const head = [finding(), finding()];
    expect(compareWithBase(head, null)).toEqual({ introduced: head, fixed: [], unchanged: [] });
  });
});
