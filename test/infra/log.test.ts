import { describe, expect, it } from 'vitest';
import {
  createLogger,
  jobFields,
  levelFromEnvironment,
  logEntry,
} from '../../functions/service/log.js';

/** A logger writing into an array, at a fixed time. */
function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  const log = createLogger({
    ...(level ? { level } : {}),
    write: (line) => lines.push(line),
    now: () => new Date('2026-05-01T12:00:00.000Z'),
  });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const JOB = {
  deliveryId: 'd-1',
  repo: { owner: 'acme', name: 'site' },
  sha: 'a'.repeat(40),
};

describe('the structured logger (functions/service/log.ts)', () => {
  it('writes one JSON object per line: level, timestamp, msg, bound fields, then its own', () => {
    const { log, lines } = capture();
    log.child(jobFields(JOB)).warn('dead job settled', { outcome: 'completed' });
    expect(lines).toEqual([
      '{"level":"warn","timestamp":"2026-05-01T12:00:00.000Z","msg":"dead job settled",' +
        `"deliveryId":"d-1","repo":"acme/site","sha":"${'a'.repeat(40)}","outcome":"completed"}`,
    ]);
  });

  it('binds fields through children without changing the parent', () => {
    const { log, parsed } = capture();
    const delivery = log.child({ deliveryId: 'd-2' });
    delivery.child({ repo: 'acme/site' }).info('one');
    delivery.info('two');
    log.info('three');
    expect(parsed().map(({ msg, deliveryId, repo }) => ({ msg, deliveryId, repo }))).toEqual([
      { msg: 'one', deliveryId: 'd-2', repo: 'acme/site' },
      { msg: 'two', deliveryId: 'd-2', repo: undefined },
      { msg: 'three', deliveryId: undefined, repo: undefined },
    ]);
  });

  it('drops lines below its level, read from LOG_LEVEL or Lambda’s AWS_LAMBDA_LOG_LEVEL', () => {
    const { log, parsed } = capture('warn');
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    expect(parsed().map((l) => l.msg)).toEqual(['c', 'd']);
    expect(levelFromEnvironment({})).toBe('info');
    expect(levelFromEnvironment({ AWS_LAMBDA_LOG_LEVEL: 'WARN' })).toBe('warn');
    expect(levelFromEnvironment({ LOG_LEVEL: 'debug', AWS_LAMBDA_LOG_LEVEL: 'ERROR' })).toBe(
      'debug',
    );
  });

  it('writes errors as name and message, and survives a circular value', () => {
    const { log, parsed } = capture();
    log.error('failed', { error: new TypeError('bad input') });
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    log.child({ deliveryId: 'd-3' }).info('loop', { loop });
    expect(parsed()[0]!.error).toEqual({ name: 'TypeError', message: 'bad input' });
    expect(parsed()[1]).toMatchObject({ msg: 'loop', deliveryId: 'd-3' });
    expect(parsed()[1]!.logError).toMatch(/circular/i);
  });

  it('takes the service modules’ `{ level, msg, ...fields }` entries', () => {
    const { log, parsed } = capture();
    logEntry(log.child({ deliveryId: 'd-4' }), {
      level: 'error',
      msg: 'enqueue failed',
      event: 'push',
    });
    expect(parsed()).toEqual([
      {
        level: 'error',
        timestamp: '2026-05-01T12:00:00.000Z',
        msg: 'enqueue failed',
        deliveryId: 'd-4',
        event: 'push',
      },
    ]);
  });

  it('names a job’s delivery, repository and commit, leaving out what is unknown', () => {
    expect(jobFields(JOB)).toEqual({ deliveryId: 'd-1', repo: 'acme/site', sha: 'a'.repeat(40) });
    expect(jobFields({ repo: 'acme/site', sha: null })).toEqual({ repo: 'acme/site' });
  });
});
