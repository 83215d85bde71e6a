import { parse } from 'yaml';

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
  /** Country code → its adequacy decision: scope (`full`, `commercial`, `dpf-participants` …) and date. */
  adequacy: ReadonlyMap<string, { scope: string; adopted: string }>;
  valid: Mechanism[];
  invalid: InvalidMechanism[];
  /** Any invalid mechanism's pattern: one test tells whether an entry needs a closer look. */
  anyInvalid: RegExp;
  processors: KnownProcessor[];
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

function union(parts: RegExp[]): RegExp {
  return parts.length > 0 ? new RegExp(parts.map((p) => `(?:${p.source})`).join('|'), 'i') : /(?!)/;
}

/** Parses the data files once; patterns are compiled here, not per document. */
export function buildLegalData(texts: LegalDataTexts): LegalData {
  const eea = (parse(texts.eea) as Raw | null) ?? {};
  const adequacy = (parse(texts.adequacy) as Raw | null) ?? {};
  const mechanisms = (parse(texts.transferMechanisms) as Raw | null) ?? {};
  const processors = (parse(texts.knownProcessors) as Raw | null) ?? {};
  return {
    eea: new Set(list(eea.countries).map((c) => text(c.code))),
    adequacy: new Map(
      list(adequacy.decisions)
        .filter((d) => text(d.code))
        .map((d) => [text(d.code), { scope: text(d.scope) || 'full', adopted: text(d.adopted) }]),
    ),
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
};
