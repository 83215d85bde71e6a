import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  parseProcessorCatalogue,
  ProcessorCatalogueError,
} from '../../functions/engine/vendors/processor-catalogue.js';

// The catalogue steers what the reader believes is a vendor, so every fact in it must be traceable:
// these tests break a real catalogue the ways a careless or hostile edit would, and expect a refusal
// that names the line.

const file = new URL('../../policies/data/processor-catalogue.yaml', import.meta.url);
const text = readFileSync(file, 'utf8');
const catalogue = parseProcessorCatalogue(text);

type Raw = { references: Record<string, unknown>; processors: Record<string, unknown>[] };
const fresh = (): Raw => parse(text) as Raw;
const entry = (
  raw: Raw,
  name: string,
): Record<string, unknown> & { sources: Record<string, string[]> } => {
  const found = raw.processors.find((p) => p.name === name);
  if (!found) throw new Error(`no entry ${name} in the catalogue`);
  return found as Record<string, unknown> & { sources: Record<string, string[]> };
};
const refusal = (raw: Raw): string => {
  try {
    parseProcessorCatalogue(stringify(raw), 'catalogue.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ProcessorCatalogueError);
    return (error as Error).message;
  }
  throw new Error('the catalogue was accepted');
};

describe('the processor catalogue as shipped', () => {
  it('holds at least 400 services, each with a sourced field beyond its name', () => {
    expect(catalogue.processors.length).toBeGreaterThanOrEqual(400);
    for (const p of catalogue.processors) {
      const filled = (['legalNames', 'domains', 'headquarters', 'dpa', 'category'] as const).filter(
        (f) => p[f] !== undefined,
      );
      expect(filled.length, p.name).toBeGreaterThan(0);
      for (const f of filled) expect(p.sources[f]?.length, `${p.name} ${f}`).toBeGreaterThan(0);
    }
  });

  it('leaves the package map empty for the code-evidence issue', () => {
    for (const p of catalogue.processors) expect(p.packages).toEqual({});
  });

  it('finds a service by its name, alias or any case of either', () => {
    const sentry = catalogue.byName.get('sentry');
    expect(sentry?.legalNames).toContain('Functional Software, Inc.');
    expect(catalogue.byName.get('aws')?.name).toBe('Amazon Web Services');
  });

  it('cites every reference it lists, each a file at a full commit, a page or npm metadata', () => {
    for (const [id, ref] of Object.entries(catalogue.references))
      expect(ref, id).toSatisfy(
        (r: Record<string, string>) =>
          (typeof r.commit === 'string' && /^[0-9a-f]{40}$/.test(r.commit)) ||
          'url' in r ||
          'npm' in r,
      );
  });
});

describe('a catalogue that breaks its rules is refused at the line', () => {
  it('refuses a filled field without a source', () => {
    const raw = fresh();
    delete entry(raw, 'Sentry').sources.legalNames;
    expect(refusal(raw)).toMatch(/catalogue\.yaml:\d+: Sentry fills legalNames without a source/);
  });

  it('refuses a source for a field that is not filled (a citation laundering nothing)', () => {
    const raw = fresh();
    delete entry(raw, 'Sentry').legalNames;
    expect(refusal(raw)).toMatch(/Sentry cites sources for legalNames, which it does not fill/);
  });

  it('refuses a citation of a reference that does not exist', () => {
    const raw = fresh();
    entry(raw, 'Sentry').sources.dpa = ['made-up-list'];
    expect(refusal(raw)).toMatch(/cites "made-up-list", which is not under references/);
  });

  it('refuses the same name twice, and an alias that is another entry’s name, whatever its case', () => {
    const twice = fresh();
    twice.processors.push({ ...entry(twice, 'Sentry') });
    expect(refusal(twice)).toMatch(/"Sentry" of Sentry is already a name or alias of Sentry/);
    const alias = fresh();
    const stripe = entry(alias, 'Stripe');
    stripe.aliases = ['SENTRY'];
    stripe.sources.aliases = stripe.sources.name!;
    expect(refusal(alias)).toMatch(/"SENTRY" of Stripe is already a name or alias of Sentry/);
  });

  it.each([
    ['plain http', 'http://sentry.io/legal/dpa/'],
    ['not a URL', 'see our DPA'],
    ['a script URL', 'javascript:alert(1)'],
    ['no host', 'https:///legal/dpa'],
  ])('refuses a DPA link that is %s', (_, url) => {
    const raw = fresh();
    entry(raw, 'Sentry').dpa = url;
    expect(refusal(raw)).toMatch(/catalogue\.yaml:\d+: \/processors\/\d+\/dpa must match/);
  });

  it.each([
    ['lower case', 'us'],
    ['three letters', 'USA'],
    ['unassigned', 'XX'],
    ['a region', 'EU'],
  ])('refuses a headquarters code in %s', (_, code) => {
    const raw = fresh();
    const sentry = entry(raw, 'Sentry');
    sentry.headquarters = code;
    sentry.sources.headquarters = sentry.sources.name!;
    expect(refusal(raw)).toMatch(/catalogue\.yaml:\d+: .*headquarters/);
  });

  it('refuses a malformed domain and a reference without a full commit', () => {
    const domain = fresh();
    entry(domain, 'Sentry').domains = ['https://sentry.io'];
    expect(refusal(domain)).toMatch(/\/domains\/0 must match/);
    const commit = fresh();
    (commit.references['zulip-subprocessors'] as Record<string, string>).commit = 'main';
    expect(refusal(commit)).toMatch(/\/references\/zulip-subprocessors/);
  });

  it('refuses packages before the code-evidence issue defines them, and a reference cited by nobody', () => {
    const packages = fresh();
    entry(packages, 'Sentry').packages = { npm: ['@sentry/node'] };
    expect(refusal(packages)).toMatch(/packages must NOT have more than 0 properties/);
    const unused = fresh();
    unused.references['orphan'] = { url: 'https://example.com/list' };
    expect(refusal(unused)).toMatch(/reference "orphan" is cited by no entry/);
  });
});
