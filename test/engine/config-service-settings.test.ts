import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/engine/index.js';

describe('config: how pull requests are gated and snapshots published', () => {
  it('defaults to failing a pull request on what it introduces, and publishing a failing list', () => {
    const { config, problems } = parseConfig('.policy-checker.yml', 'files: ["*.md"]\n');
    expect(problems).toEqual([]);
    expect(config.failOn).toBe('new');
    expect(config.snapshot).toEqual({ onFailure: 'publish', keyFingerprint: null });
  });

  it('reads fail-on in either spelling, and the snapshot settings', () => {
    const fp = 'AB'.repeat(32);
    const text = `fail-on: all\nsnapshot:\n  onFailure: hold\n  keyFingerprint: ${fp}\n`;
    const { config, problems } = parseConfig('.policy-checker.yml', text);
    expect(problems).toEqual([]);
    expect(config.failOn).toBe('all');
    expect(config.snapshot).toEqual({ onFailure: 'hold', keyFingerprint: fp.toLowerCase() });
    expect(parseConfig('c.yml', 'failOn: all\n').config.failOn).toBe('all');
  });

  it('rejects an unknown fail-on value at its line', () => {
    const { problems } = parseConfig('.policy-checker.yml', 'files: ["*.md"]\nfailOn: some\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.span.line).toBe(2);
  });
});
