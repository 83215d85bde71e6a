import { describe, expect, it } from 'vitest';
import type { Report } from '../../functions/engine/model.js';
import { escapeData, escapeProperty } from '../../functions/engine/report/github.js';
import { renderGithubCommands } from '../../functions/engine/report/index.js';
import { report } from './fixture.js';

describe('renderGithubCommands', () => {
  it('renders one command per finding and file error', async () => {
    await expect(renderGithubCommands(report)).toMatchFileSnapshot('./expected/report.github.txt');
  });

  it('renders nothing for a clean report', () => {
    const clean: Report = {
      version: 1,
      files: [],
      summary: { files: 0, thirdParties: 0, errors: 0, warnings: 0, notices: 0 },
    };
    expect(renderGithubCommands(clean)).toBe('');
  });

  it('escapes properties and the message, and leaves out columns of a multi-line range', () => {
    const tricky: Report = {
      version: 1,
      files: [
        {
          path: 'legal/vendors, EU: 100%.md',
          format: 'markdown',
          thirdParties: [],
          todos: [],
          errors: [],
          findings: [
            {
              ruleId: 'gdpr-link-required',
              severity: 'notice',
              message: 'Acme: 50% done,\r\nsee ::error:: below',
              line: 4,
              column: 1,
              endLine: 6,
              endColumn: 9,
              thirdParty: 'Acme',
              docsUrl: 'https://policy-checker.example/docs/rules/gdpr-link-required.md',
              fingerprint: 'v1:0000000000000000',
              related: [],
            },
          ],
        },
      ],
      summary: { files: 1, thirdParties: 1, errors: 0, warnings: 0, notices: 1 },
    };
    expect(renderGithubCommands(tricky)).toBe(
      '::notice file=legal/vendors%2C EU%3A 100%25.md,line=4,endLine=6,title=gdpr-link-required' +
        // The newline is shown, not decoded into one: no value makes a multi-line annotation.
        '::Acme: 50%25 done,\\r\\nsee ::error:: below\n',
    );
  });
});

describe('escaping', () => {
  it.each([
    ['plain text', 'plain text', 'plain text'],
    ['100%', '100%25', '100%25'],
    ['two\nlines', 'two%0Alines', 'two%0Alines'],
    ['crlf\r\n', 'crlf%0D%0A', 'crlf%0D%0A'],
    ['a:b', 'a:b', 'a%3Ab'],
    ['a,b', 'a,b', 'a%2Cb'],
    ['%0A is not a newline', '%250A is not a newline', '%250A is not a newline'],
    ['::error::x', '::error::x', '%3A%3Aerror%3A%3Ax'],
    ['Zürich, CH', 'Zürich, CH', 'Zürich%2C CH'],
  ])('%j → data %j, property %j', (raw, data, property) => {
    expect(escapeData(raw)).toBe(data);
    expect(escapeProperty(raw)).toBe(property);
  });
});
