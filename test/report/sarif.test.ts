import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../functions/engine/model.js';
import { renderSarif } from '../../functions/engine/report/index.js';
import { report, rules } from './fixture.js';

// The SARIF 2.1.0 schema as @microsoft/jest-sarif ships it (2.1.0-rtm.5, the
// schemastore copy, the version @types/sarif describes); no npm package ships
// the OASIS file itself, and tests fetch nothing.
const schemaPath = createRequire(import.meta.url).resolve(
  '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
);
const schemaText = await readFile(schemaPath, 'utf8');

/**
 * That schema is written in draft-04, which Ajv 8 does not load. The only
 * draft-04 construct it uses is the root `id` (draft-07: `$id`); the other
 * difference, boolean exclusiveMinimum/Maximum, is asserted absent below.
 */
function asDraft07(draft04: unknown): Record<string, unknown> {
  if (typeof draft04 !== 'object' || draft04 === null)
    throw new Error('sarif.test: schema is not an object');
  const rest = Object.entries(draft04).filter(([key]) => key !== 'id' && key !== '$schema');
  return { ...Object.fromEntries(rest), $id: 'id' in draft04 ? draft04.id : undefined };
}

// unicodeRegExp off: the schema's `language` pattern has a stray `]` that only
// a non-Unicode RegExp accepts.
const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(asDraft07(JSON.parse(schemaText)));

const options = { toolVersion: '0.1.0', informationUri: 'https://policy-checker.example', rules };
const log = (r: Report = report): Log => JSON.parse(renderSarif(r, options)) as Log;
const results = (l: Log): Result[] => l.runs[0]?.results ?? [];

describe('renderSarif', () => {
  it('renders the fixture as one SARIF run', async () => {
    await expect(renderSarif(report, options)).toMatchFileSnapshot('./expected/report.sarif');
  });

  it('can convert the schema to draft-07 without changing its meaning', () => {
    expect(schemaText).not.toMatch(/"exclusiveM(in|ax)imum"/);
  });

  it('is valid against the SARIF 2.1.0 schema', () => {
    expect(validate(log()), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('is valid for an empty report and without informationUri', () => {
    const empty: Report = {
      version: 1,
      files: [],
      summary: { files: 0, thirdParties: 0, errors: 0, warnings: 0, notices: 0 },
    };
    const out: unknown = JSON.parse(renderSarif(empty, { toolVersion: '0.1.0', rules: [] }));
    expect(validate(out), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('is checked by a validator that rejects a wrong level', () => {
    const broken = log();
    const first = results(broken)[0];
    if (first) Object.assign(first, { level: 'notice' });
    expect(validate(broken)).toBe(false);
  });

  it('points every ruleIndex at its rule and every artifact index at its file', () => {
    const l = log();
    const run = l.runs[0];
    const located = results(l).flatMap((r) => [
      ...(r.locations ?? []),
      ...(r.relatedLocations ?? []),
    ]);
    for (const r of results(l))
      expect(run?.tool.driver.rules?.[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
    for (const loc of located) {
      const at = loc.physicalLocation?.artifactLocation;
      expect(run?.artifacts?.[at?.index ?? -1]?.location?.uri).toBe(at?.uri);
    }
  });

  it('maps severities to levels and keeps fingerprints', () => {
    const findings = report.files.flatMap((f) => f.findings);
    const fromFindings = results(log()).filter((r) => r.ruleId !== 'file-unreadable');
    expect(fromFindings.map((r) => r.level)).toEqual(
      findings.map((f) => (f.severity === 'notice' ? 'note' : f.severity)),
    );
    expect(fromFindings.map((r) => r.partialFingerprints?.['policyCheck/v1'])).toEqual(
      findings.map((f) => f.fingerprint),
    );
  });

  it('reports a file that could not be read as an error result at line 1', () => {
    const unread = results(log()).find((r) => r.ruleId === 'file-unreadable');
    expect(unread?.level).toBe('error');
    expect(unread?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: {
        uri: 'policies/archive/subprocessors-2019.md',
        uriBaseId: '%SRCROOT%',
        index: 2,
      },
      region: { startLine: 1 },
    });
  });
});
