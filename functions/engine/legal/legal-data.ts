import { parse } from 'yaml';
import type { AdequacyDecision, AdequacyScope } from './adequacy.js';
import { legalDataVersion, type LegalDataVersion } from './legal-data-version.js';

/** A transfer mechanism recognised in free text. */
export interface Mechanism {
  id: string;
  name: string;
  patterns: RegExp[];
}

/** A mechanism no longer valid: since when, why, and what replaced it. */
export interface InvalidMechanism extends Mechanism {
  invalidSince: string;
  why: string;
  replacedBy: string;
}

/** A well-known data processor, by its names. */
export interface KnownProcessor {
  name: string;
  aliases: string[];
  category: string;
  ambiguous: boolean;
}

/** The legal lists the domain rules use, from `policies/data/` (each entry has a source and date). */
export interface LegalData {
  eea: ReadonlySet<string>;
  /** Country code → every adequacy decision for it, each with its period and scope. */
  adequacy: ReadonlyMap<string, readonly AdequacyDecision[]>;
  valid: Mechanism[];
  invalid: InvalidMechanism[];
  /** Any invalid mechanism's pattern: one test tells whether an entry needs a closer look. */
  anyInvalid: RegExp;
  processors: KnownProcessor[];
  /** Which data this is and when it was last reviewed against its sources. */
  version: LegalDataVersion;
}

/** The texts of the data files, as the caller read them. */
export interface LegalDataTexts {
  eea: string;
  adequacy: string;
  transferMechanisms: string;
  knownProcessors: string;
}

type Raw = Record<string, unknown>;
const list = (value: unknown): Raw[] => (Array.isArray(value) ? (value as Raw[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const patterns = (value: unknown): RegExp[] =>
  (Array.isArray(value) ? value : []).map((p) => new RegExp(String(p), 'i'));

function mechanism(raw: Raw): Mechanism {
  return { id: text(raw.id), name: text(raw.name), patterns: patterns(raw.patterns) };
}

const SCOPES: readonly AdequacyScope[] = [
  'full',
  'recipients',
  'processing',
  'dpf-participants',
  'law-enforcement',
];

function decision(raw: Raw): AdequacyDecision {
  const scope = SCOPES.find((s) => s === raw.scope) ?? 'full';
  return {
    id: text(raw.id),
    code: text(raw.code) || null,
    name: text(raw.name),
    decision: text(raw.decision),
    // A decision without its own start applies from its adoption.
    from: text(raw.from) || text(raw.adopted),
    until: text(raw.until) || null,
    scope,
    covers: text(raw.covers) || null,
    outside: patterns(raw.outside),
    replacedBy: text(raw.replacedBy) || null,
  };
}

function byCode(decisions: readonly AdequacyDecision[]): Map<string, AdequacyDecision[]> {
  const map = new Map<string, AdequacyDecision[]>();
  for (const d of decisions) if (d.code) map.set(d.code, [...(map.get(d.code) ?? []), d]);
  return map;
}

function union(parts: RegExp[]): RegExp {
  return parts.length > 0 ? new RegExp(parts.map((p) => `(?:${p.source})`).join('|'), 'i') : /(?!)/;
}

/** Parses the data files once; patterns are compiled here, not per document. */
export function buildLegalData(texts: LegalDataTexts): LegalData {
  const eea = (parse(texts.eea) as Raw | null) ?? {};
  const adequacy = (parse(texts.adequacy) as Raw | null) ?? {};
  const mechanisms = (parse(texts.transferMechanisms) as Raw | null) ?? {};
  const processors = (parse(texts.knownProcessors) as Raw | null) ?? {};
  const files = [
    { raw: eea, text: texts.eea },
    { raw: adequacy, text: texts.adequacy },
    { raw: mechanisms, text: texts.transferMechanisms },
    { raw: processors, text: texts.knownProcessors },
  ];
  return {
    eea: new Set(list(eea.countries).map((c) => text(c.code))),
    adequacy: byCode(list(adequacy.decisions).map(decision)),
    valid: list(mechanisms.valid).map(mechanism),
    anyInvalid: union(list(mechanisms.invalid).flatMap((raw) => patterns(raw.patterns))),
    invalid: list(mechanisms.invalid).map((raw) => ({
      ...mechanism(raw),
      invalidSince: text(raw.invalidSince),
      why: text(raw.why),
      replacedBy: text(raw.replacedBy),
    })),
    processors: list(processors.services).map((s) => ({
      name: text(s.name),
      aliases: (Array.isArray(s.aliases) ? s.aliases : []).map(String),
      category: text(s.category),
      ambiguous: s.ambiguous === true,
    })),
    version: legalDataVersion(files.map((f) => ({ reviewed: text(f.raw.reviewed), text: f.text }))),
  };
}

/** No legal data: for callers and tests that run only the presence rules. */
export const NO_LEGAL_DATA: LegalData = {
  eea: new Set(),
  adequacy: new Map(),
  valid: [],
  invalid: [],
  anyInvalid: /(?!)/,
  processors: [],
  version: { version: 'none', reviewed: 'unknown' },
};
