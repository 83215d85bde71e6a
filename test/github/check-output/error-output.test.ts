import { describe, expect, it } from 'vitest';
import { errorOutput, sanitiseErrorMessage } from '../../../functions/github/check-output/index.js';

describe('errorOutput', () => {
  it('fails the run with a clear title and what the user can do', () => {
    const output = errorOutput(new Error('DynamoDB did not answer'), {
      stage: 'storing the result',
      deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    });
    expect(output.conclusion).toBe('failure');
    expect(output.title).toBe('Policy check could not complete');
    expect(output.summary).toContain('while storing the result');
    expect(output.summary).toContain('Error: DynamoDB did not answer');
    expect(output.summary).toContain('**Re-run**');
    expect(output.summary).toContain('`72d3162e-cc78-11e3-81ab-4c9367dc0958`');
  });

  it('never shows a stack trace, a path of the machine or a secret', () => {
    const error = new Error(
      [
        "ENOENT: no such file or directory, open '/var/task/policies/rules/x.yaml'",
        'Authorization: token ghs_16C7e42F292c6912E7710c838347Ae178B4a',
        'POST https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz0123@github.com/o/r.git',
        'jwt eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjEyMzQ1fQ.c2lnbmF0dXJlLWhlcmU',
        'key AKIAIOSFODNN7EXAMPLE secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
        "scandir 'C:\\Users\\ci\\policies'",
      ].join('\n'),
    );
    error.stack = `${error.message}\n    at run (/var/task/index.mjs:10:5)`;
    const summary = errorOutput(error).summary;
    for (const secret of [
      '/var/task',
      'ghs_',
      'eyJhbGci',
      'AKIAIOSFODNN7EXAMPLE',
      'wJalrXUtnFEMI',
      'MIIEow',
      'x-access-token:',
      'C:\\Users',
      'index.mjs',
    ])
      expect(summary).not.toContain(secret);
    expect(summary).toContain('ENOENT: no such file or directory');
    expect(summary).toContain('https://[redacted]@github.com/o/r.git');
  });

  it('keeps the message short and inside its code block', () => {
    const output = errorOutput(new Error('```\n# injected heading\n' + 'x '.repeat(5_000)));
    expect(output.summary.length).toBeLessThan(3_000);
    // The fence is longer than any run of backticks in the message.
    expect(output.summary).toContain('````text\nError: ```\n# injected heading');
    expect(sanitiseErrorMessage('')).toBe('Unknown error');
  });

  it('describes what is not an Error, and an HTTP status', () => {
    expect(errorOutput('plain text').summary).toContain('plain text');
    expect(errorOutput({ weird: true }).summary).toContain('Unknown error');
    const http = Object.assign(new Error('Validation Failed'), { name: 'HttpError', status: 422 });
    expect(errorOutput(http).summary).toContain('HttpError (HTTP 422): Validation Failed');
  });
});
