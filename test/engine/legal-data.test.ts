import { readFileSync } from 'node:fs';
import countries from 'i18n-iso-countries';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The legal lists under policies/data/ are shown to auditors: every entry must carry a source and
// a date, and the recognition patterns must tell valid mechanisms from their invalid predecessors.

type Entry = Record<string, unknown>;

const dataDir = new URL('../../policies/data/', import.meta.url);
const texts = {
  eea: readFileSync(new URL('eea.yaml', dataDir), 'utf8'),
  adequacy: readFileSync(new URL('adequacy.yaml', dataDir), 'utf8'),
  mechanisms: readFileSync(new URL('transfer-mechanisms.yaml', dataDir), 'utf8'),
  processors: readFileSync(new URL('known-processors.yaml', dataDir), 'utf8'),
};

const load = (text: string): Entry => parse(text) as Entry;
const entries = (value: unknown): Entry[] => {
  expect(Array.isArray(value)).toBe(true);
  return value as Entry[];
};

const eea = load(texts.eea);
const adequacy = load(texts.adequacy);
const mechanisms = load(texts.mechanisms);
const processors = load(texts.processors);

const countriesOf = entries(eea.countries);
const decisions = entries(adequacy.decisions);
const valid = entries(mechanisms.valid);
const invalid = entries(mechanisms.invalid);
const services = entries(processors.services);

function isIsoDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function isHttpsUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';
const regexes = (entry: Entry): RegExp[] =>
  (entry.patterns as string[]).map((p) => new RegExp(p, 'i'));
const matchesAny = (entry: Entry, text: string): boolean =>
  regexes(entry).some((r) => r.test(text));
const byId = (list: Entry[], id: string): Entry => {
  const found = list.find((e) => e.id === id);
  expect(found, id).toBeDefined();
  return found as Entry;
};

// An entry is described by its id or name in failure messages.
const label = (e: Entry): string => String(e.id ?? e.code ?? e.name);

describe('every data file', () => {
  it.each(Object.entries(texts))(
    '%s starts with a comment and says when it was last reviewed against its sources',
    (_, text) => {
      expect(text.startsWith('#')).toBe(true);
      expect(isIsoDate((parse(text) as Entry).reviewed)).toBe(true);
    },
  );

  it('says in each unverified entry why it is unverified', () => {
    for (const e of [...decisions, ...valid, ...invalid, ...services]) {
      expect(typeof e.checked, label(e)).toBe('boolean');
      if (e.checked === false) expect(nonEmpty(e.unverified), label(e)).toBe(true);
      else expect(e.unverified, label(e)).toBeUndefined();
      if ('note' in e) expect(nonEmpty(e.note), label(e)).toBe(true);
    }
  });

  it('no longer defers to "the compiler\'s knowledge"', () => {
    for (const text of Object.values(texts)) expect(text).not.toMatch(/compiler/i);
  });
});

describe('eea.yaml', () => {
  it('lists exactly the 30 EEA states, once each', () => {
    const codes = countriesOf.map((c) => c.code);
    expect(codes).toHaveLength(30);
    expect(new Set(codes).size).toBe(30);
    expect(countriesOf.filter((c) => c.member === 'EU')).toHaveLength(27);
    expect(countriesOf.filter((c) => c.member === 'EEA').map((c) => c.code)).toEqual(
      expect.arrayContaining(['IS', 'LI', 'NO']),
    );
    expect(codes).not.toContain('GB');
  });

  it.each(countriesOf.map((c) => [label(c), c] as const))('%s is complete', (_, c) => {
    expect(typeof c.code === 'string' && countries.isValid(c.code)).toBe(true);
    expect(nonEmpty(c.name)).toBe(true);
    expect(['EU', 'EEA']).toContain(c.member);
    expect(isIsoDate(c.since)).toBe(true);
    expect(isHttpsUrl(c.source)).toBe(true);
  });
});

describe('adequacy.yaml', () => {
  const eeaCodes = new Set(countriesOf.map((c) => c.code));

  it('has the Commission adequacy page as its source', () => {
    expect(isHttpsUrl(adequacy.source)).toBe(true);
    expect(String(adequacy.source)).toContain('commission.europa.eu');
  });

  const ids = decisions.map((d) => String(d.id));

  it.each(decisions.map((d) => [`${String(d.name)}`, d] as const))('%s is complete', (_, d) => {
    expect(String(d.id)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(nonEmpty(d.name)).toBe(true);
    expect(isIsoDate(d.adopted)).toBe(true);
    if ('from' in d) expect(isIsoDate(d.from)).toBe(true);
    if ('until' in d) {
      expect(isIsoDate(d.until)).toBe(true);
      expect(String(d.until) > String(d.from ?? d.adopted)).toBe(true);
    }
    expect(String(d.decision)).toMatch(/^Commission (Implementing )?Decision/);
    expect(['full', 'recipients', 'processing', 'dpf-participants', 'law-enforcement']).toContain(
      d.scope,
    );
    // A partial scope is quoted in messages: it must say what Article 1 covers.
    if (d.scope !== 'full') expect(nonEmpty(d.covers)).toBe(true);
    for (const p of (d.outside ?? []) as unknown[])
      expect(() => new RegExp(String(p), 'i')).not.toThrow();
    for (const ref of [d.replaces, d.replacedBy].filter(Boolean)) expect(ids).toContain(ref);
    expect(String(d.source)).toMatch(
      /^https:\/\/eur-lex\.europa\.eu\/legal-content\/EN\/TXT\/\?uri=CELEX:3\d{4}D\d{4}$/,
    );
    if (d.kind === 'international-organisation') {
      expect(d.code).toBeUndefined();
    } else {
      expect(['country', 'territory']).toContain(d.kind);
      expect(typeof d.code === 'string' && countries.isValid(d.code)).toBe(true);
      expect(eeaCodes.has(d.code)).toBe(false);
    }
  });

  it('has unique ids, and each replacement names its predecessor and starts before it ends', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of decisions.filter((x) => x.replacedBy)) {
      const next = decisions.find((x) => x.id === d.replacedBy);
      expect(next?.replaces, String(d.id)).toBe(d.id);
      expect(String(next?.from ?? next?.adopted) <= String(d.until), String(d.id)).toBe(true);
    }
  });

  it('covers the expected recipients, the United States only for DPF participants', () => {
    const codes = new Set(decisions.map((d) => d.code));
    for (const code of [
      'AD',
      'AR',
      'BR',
      'CA',
      'FO',
      'GG',
      'IL',
      'IM',
      'JP',
      'JE',
      'NZ',
      'KR',
      'CH',
      'GB',
      'US',
      'UY',
    ]) {
      expect(codes.has(code), code).toBe(true);
    }
    const scopeOf = (code: string) => decisions.find((d) => d.code === code)?.scope;
    expect(scopeOf('US')).toBe('dpf-participants');
    expect(scopeOf('CA')).toBe('recipients');
    expect(scopeOf('FO')).toBe('recipients');
    expect(scopeOf('UY')).toBe('processing');
    expect(decisions.find((d) => d.code === 'KR')?.excludes).toHaveLength(3);
  });
});

describe('transfer-mechanisms.yaml', () => {
  const all = [...valid, ...invalid];

  it('has unique kebab-case ids', () => {
    const ids = all.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(String(id)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(valid.map((m) => [label(m), m] as const))('valid %s is complete', (_, m) => {
    expect(nonEmpty(m.name)).toBe(true);
    expect(nonEmpty(m.article)).toBe(true);
    expect(isIsoDate(m.since)).toBe(true);
    expect(isHttpsUrl(m.source)).toBe(true);
  });

  it.each(invalid.map((m) => [label(m), m] as const))('invalid %s is complete', (_, m) => {
    expect(nonEmpty(m.name)).toBe(true);
    expect(isIsoDate(m.invalidSince)).toBe(true);
    expect(nonEmpty(m.why)).toBe(true);
    expect(valid.map((v) => v.id)).toContain(m.replacedBy);
    expect(isHttpsUrl(m.source)).toBe(true);
  });

  it.each(all.map((m) => [label(m), m] as const))(
    '%s patterns compile and match its name',
    (_, m) => {
      expect(Array.isArray(m.patterns) && (m.patterns as unknown[]).length > 0).toBe(true);
      for (const p of m.patterns as unknown[]) {
        expect(typeof p).toBe('string');
        expect(() => new RegExp(p as string, 'i')).not.toThrow();
      }
      expect(matchesAny(m, String(m.name))).toBe(true);
    },
  );

  const validNames = [
    ...valid.map((v) => String(v.name)),
    'EU-US Data Privacy Framework',
    'EU-U.S. Data Privacy Framework',
    'Swiss-U.S. Data Privacy Framework',
    'UK Extension to the EU-U.S. DPF',
    'Standard Contractual Clauses',
    'the EU Standard Contractual Clauses (2021/914)',
    'Binding Corporate Rules',
  ];

  it.each(invalid.map((m) => [label(m), m] as const))(
    'invalid %s never matches a valid mechanism',
    (_, m) => {
      for (const name of validNames) expect(matchesAny(m, name), name).toBe(false);
    },
  );

  it.each([
    ['eu-us-privacy-shield', 'We are Privacy Shield certified.'],
    ['eu-us-privacy-shield', 'Vendor participates in the EU-U.S. Privacy Shield Framework.'],
    ['eu-us-privacy-shield', 'certified under the EU-US Privacy Shield'],
    ['eu-us-privacy-shield', 'the EU-U.S. and Swiss-U.S. Privacy Shield Frameworks'],
    ['eu-us-privacy-shield', 'Commission Implementing Decision (EU) 2016/1250'],
    ['swiss-us-privacy-shield', 'Swiss-U.S. Privacy Shield'],
    ['swiss-us-privacy-shield', 'the EU-U.S. and Swiss-U.S. Privacy Shield Frameworks'],
    ['safe-harbour', 'self-certified to the U.S.-EU Safe Harbor Framework'],
    ['safe-harbour', 'Safe Harbor Privacy Principles'],
    ['safe-harbour', 'EU-US Safe Harbour'],
    ['sccs-2010-87', 'Standard Contractual Clauses (Commission Decision 2010/87/EU)'],
    ['sccs-2001-497', 'the clauses of Decision 2001/497/EC'],
    ['sccs-2004-915', 'set II (2004/915/EC)'],
  ])('%s recognises "%s"', (id, text) => {
    expect(matchesAny(byId(invalid, id), text)).toBe(true);
  });

  it.each([
    ['eu-us-privacy-shield', 'Swiss-U.S. Privacy Shield'],
    ['safe-harbour', 'the DMCA safe harbor'],
    ['safe-harbour', 'the HIPAA Safe Harbor method of de-identification'],
    ['sccs-2010-87', 'Decision 2010/870'],
  ])('%s does not claim "%s"', (id, text) => {
    expect(matchesAny(byId(invalid, id), text)).toBe(false);
  });

  it.each([
    ['eu-us-dpf', 'certified under the EU-U.S. Data Privacy Framework'],
    ['eu-us-dpf', 'DPF participant'],
    ['swiss-us-dpf', 'and the Swiss-U.S. DPF'],
    ['uk-us-data-bridge', 'the UK Extension to the EU-U.S. DPF'],
    ['sccs-2021', 'SCCs'],
    ['sccs-2021', 'EU Standard Contractual Clauses'],
    ['binding-corporate-rules', 'approved BCRs'],
    ['art49-derogations', 'under Article 49(1)(a) GDPR'],
    ['adequacy-decision', 'countries with an adequacy decision'],
  ])('%s recognises "%s"', (id, text) => {
    expect(matchesAny(byId(valid, id), text)).toBe(true);
  });

  it.each([
    ['eu-us-dpf', 'Swiss-U.S. Data Privacy Framework'],
    ['eu-us-dpf', 'EU-U.S. Privacy Shield Framework'],
    ['swiss-us-dpf', 'EU-U.S. Data Privacy Framework'],
  ])('%s does not claim "%s"', (id, text) => {
    expect(matchesAny(byId(valid, id), text)).toBe(false);
  });
});

describe('known-processors.yaml', () => {
  const categories =
    /# category:([\s\S]*?)\n# ambiguous/
      .exec(texts.processors)?.[1]
      ?.replace(/#/g, '')
      .split('|')
      .map((c) => c.trim()) ?? [];

  it('lists at least 70 services', () => {
    expect(services.length).toBeGreaterThanOrEqual(70);
  });

  it.each(services.map((s) => [String(s.name), s] as const))('%s is complete', (_, s) => {
    expect(nonEmpty(s.name)).toBe(true);
    expect(Array.isArray(s.aliases)).toBe(true);
    for (const alias of s.aliases as unknown[]) expect(nonEmpty(alias)).toBe(true);
    expect(categories).toContain(s.category);
    expect(typeof s.ambiguous).toBe('boolean');
    expect(isHttpsUrl(s.homepage)).toBe(true);
    expect(typeof s.checked).toBe('boolean');
  });

  it('has unique names and aliases across services', () => {
    const owner = new Map<string, string>();
    for (const s of services) {
      const names = [String(s.name), ...(s.aliases as string[])];
      expect(new Set(names).size, String(s.name)).toBe(names.length);
      for (const n of new Set(names.map((x) => x.toLowerCase()))) {
        expect(owner.get(n), `${n} in ${String(s.name)} and ${owner.get(n)}`).toBeUndefined();
        owner.set(n, String(s.name));
      }
    }
  });

  it('includes the services the rules expect', () => {
    const names = new Set(services.map((s) => s.name));
    for (const n of [
      'Google Analytics',
      'Segment',
      'Stripe',
      'Cloudflare',
      'Amazon Web Services',
      'Meta Pixel',
      'reCAPTCHA',
    ]) {
      expect(names.has(n), n).toBe(true);
    }
    const ambiguous = new Set(services.filter((s) => s.ambiguous).map((s) => s.name));
    for (const n of ['Segment', 'Box', 'Square', 'Front', 'Notion', 'Heap', 'Drift']) {
      expect(ambiguous.has(n), n).toBe(true);
    }
  });
});
