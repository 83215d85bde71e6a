import type { FileProblem, Severity } from '../model.js';
import type { PolicyConfig, RuleSetting, Waiver } from './config.js';

/**
 * What a pull request's own `.policy-checker.yml` would change. A pull request is judged with
 * its base's configuration (else it could switch off the very check that judges it); the
 * change is reported so reviewers see what merging it loosens, and applies once merged.
 */
export type ChangeClass = 'loosens' | 'tightens' | 'neutral';

export interface ConfigChange {
  class: ChangeClass;
  /** The key changed, as the config file spells it (`rules.location-required`). */
  key: string;
  /** What changed, in words a reviewer reads (`turned off (was error)`). */
  what: string;
  /** Its line in the proposed file, where known. */
  line: number | null;
}

type Comparer = (base: PolicyConfig, head: PolicyConfig) => ConfigChange[];

const RANK: Record<Severity | 'off', number> = { off: 0, notice: 1, warning: 2, error: 3 };

/**
 * Every key of the config schema, with how a change of it is judged. A test fails on a schema
 * key missing here, so a key added later cannot slip past unclassified. A key whose change can
 * go either way says which way by comparing; a change whose effect cannot be told (a rule's
 * parameters, a custom rule's body) counts as loosening: a reviewer should look.
 */
export const CONFIG_KEYS: Record<string, Comparer> = {
  $schema: () => [],
  files: (base, head) => patterns('files', base.files, head.files, 'loosens'),
  ignore: (base, head) => patterns('ignore', base.ignore, head.ignore, 'tightens'),
  // Another parser for a file can change which entries it yields.
  structured: (base, head) =>
    sameList(base.structured, head.structured)
      ? []
      : [change('loosens', 'structured', 'changes which files are read as structured data')],
  maxFileSize: (base, head) =>
    base.maxFileSize === head.maxFileSize
      ? []
      : [
          change(
            head.maxFileSize < base.maxFileSize ? 'loosens' : 'tightens',
            'maxFileSize',
            `${base.maxFileSize} → ${head.maxFileSize} bytes`,
          ),
        ],
  failOn: failOn,
  'fail-on': () => [], // the same setting as failOn, compared there
  'snapshot.onFailure': (base, head) =>
    base.snapshot.onFailure === head.snapshot.onFailure
      ? []
      : [
          change(
            head.snapshot.onFailure === 'publish' ? 'loosens' : 'tightens',
            'snapshot.onFailure',
            `${base.snapshot.onFailure} → ${head.snapshot.onFailure}`,
          ),
        ],
  // The key that verify pins: replacing it is what an attacker would do.
  'snapshot.keyFingerprint': (base, head) =>
    base.snapshot.keyFingerprint === head.snapshot.keyFingerprint
      ? []
      : [change('loosens', 'snapshot.keyFingerprint', 'changes the pinned signing key')],
  'page.companyName': (base, head) =>
    neutral('page.companyName', base.page.companyName, head.page.companyName),
  'page.logoUrl': (base, head) => neutral('page.logoUrl', base.page.logoUrl, head.page.logoUrl),
  'page.accentColor': (base, head) =>
    neutral('page.accentColor', base.page.accentColor, head.page.accentColor),
  rules: ruleSettings,
  customRules: (base, head) => customRules(base, head),
  waivers: (base, head) => waivers(base.waivers, head.waivers),
};

/** The changes from `base` to `head`, loosening ones first. */
export function configChanges(base: PolicyConfig, head: PolicyConfig): ConfigChange[] {
  const order: Record<ChangeClass, number> = { loosens: 0, tightens: 1, neutral: 2 };
  return Object.values(CONFIG_KEYS)
    .flatMap((compare) => compare(base, head))
    .sort((a, b) => order[a.class] - order[b.class]);
}

/**
 * The `config-changed` finding on the proposed config file: a warning that lists what it
 * loosens, a notice when it loosens nothing; null when nothing that counts changed.
 */
export function configChangedProblem(
  changes: readonly ConfigChange[],
  baseLabel: string,
): FileProblem | null {
  if (changes.length === 0) return null;
  const loosening = changes.filter((c) => c.class === 'loosens');
  const list = (items: readonly ConfigChange[]): string =>
    items.map((c) => `${c.key} ${c.what}`).join('; ');
  const rest = changes.filter((c) => c.class !== 'loosens');
  const message =
    `This pull request changes the configuration; it is judged with ${baseLabel}'s, and the new one applies once merged. ` +
    (loosening.length > 0 ? `It loosens: ${list(loosening)}.` : 'It loosens nothing.') +
    (rest.length > 0 ? ` Also: ${list(rest)}.` : '') +
    (loosening.length > 0 ? ' Review these before merging.' : '');
  const line = loosening.find((c) => c.line !== null)?.line ?? changes[0]!.line ?? 1;
  return {
    ruleId: 'config-changed',
    severity: loosening.length > 0 ? 'warning' : 'notice',
    message,
    span: { line, column: 1, endLine: line, endColumn: 1 },
  };
}

function change(
  cls: ChangeClass,
  key: string,
  what: string,
  line: number | null = null,
): ConfigChange {
  return { class: cls, key, what, line };
}

function neutral(key: string, base: string | null, head: string | null): ConfigChange[] {
  return base === head ? [] : [change('neutral', key, 'changes the public page’s branding')];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * A glob list: for `files`, a pattern removed may drop a checked file (loosens) and one added
 * checks more (tightens); for `ignore` the other way round. `removedIs` is the class of a removal.
 */
function patterns(
  key: string,
  base: readonly string[],
  head: readonly string[],
  removedIs: ChangeClass,
): ConfigChange[] {
  const addedIs: ChangeClass = removedIs === 'loosens' ? 'tightens' : 'loosens';
  const removed = base.filter((p) => !head.includes(p));
  const added = head.filter((p) => !base.includes(p));
  return [
    ...removed.map((p) => change(removedIs, key, `no longer has ${JSON.stringify(p)}`)),
    ...added.map((p) => change(addedIs, key, `adds ${JSON.stringify(p)}`)),
  ];
}

function failOn(base: PolicyConfig, head: PolicyConfig): ConfigChange[] {
  if (base.failOn === head.failOn) return [];
  return [
    change(
      head.failOn === 'new' ? 'loosens' : 'tightens',
      'failOn',
      `${base.failOn} → ${head.failOn}`,
    ),
  ];
}

function severityOf(setting: RuleSetting | undefined): Severity | 'off' | 'default' {
  return setting?.severity ?? 'default';
}

function ruleSettings(base: PolicyConfig, head: PolicyConfig): ConfigChange[] {
  const ids = [...new Set([...Object.keys(base.rules), ...Object.keys(head.rules)])].sort();
  return ids.flatMap((id) => {
    const key = `rules.${id}`;
    const line = head.ruleLines[id] ?? null;
    const was = severityOf(base.rules[id]);
    const now = severityOf(head.rules[id]);
    const changes: ConfigChange[] = [];
    if (was !== now) {
      // Against the rule's own default we cannot rank without the pack: any move away from a
      // stated severity to the default, or from the default, is ranked only when both are stated.
      const cls: ChangeClass =
        was === 'default' || now === 'default'
          ? 'loosens'
          : RANK[now] < RANK[was]
            ? 'loosens'
            : 'tightens';
      const what = now === 'off' ? `turned off (was ${was})` : `${was} → ${now}`;
      changes.push(change(cls, key, what, line));
    }
    if (
      JSON.stringify(base.rules[id]?.params ?? null) !==
      JSON.stringify(head.rules[id]?.params ?? null)
    )
      changes.push(change('loosens', key, 'changes its parameters', line));
    return changes;
  });
}

function customRules(base: PolicyConfig, head: PolicyConfig): ConfigChange[] {
  const byId = (rules: PolicyConfig['customRules']) =>
    new Map(rules.map((r) => [r.id, JSON.stringify(r)]));
  const was = byId(base.customRules);
  const now = byId(head.customRules);
  const changes: ConfigChange[] = [];
  for (const [id, body] of was) {
    if (!now.has(id)) changes.push(change('loosens', 'customRules', `removes ${id}`));
    else if (now.get(id) !== body) changes.push(change('loosens', 'customRules', `changes ${id}`));
  }
  for (const id of now.keys())
    if (!was.has(id)) changes.push(change('tightens', 'customRules', `adds ${id}`));
  return changes;
}

function waiverKey(w: Waiver): string {
  return JSON.stringify([w.rule, w.file, w.thirdParty]);
}

function describeWaiver(w: Waiver): string {
  const target = [w.thirdParty, w.file].filter(Boolean).join(' in ') || 'every file';
  return `${w.rule} for ${target} until ${w.expires}`;
}

function waivers(base: readonly Waiver[], head: readonly Waiver[]): ConfigChange[] {
  const was = new Map(base.map((w) => [waiverKey(w), w]));
  const now = new Map(head.map((w) => [waiverKey(w), w]));
  const changes: ConfigChange[] = [];
  for (const [key, w] of now) {
    const before = was.get(key);
    if (!before) changes.push(change('loosens', 'waivers', `adds ${describeWaiver(w)}`, w.line));
    else if (w.expires > before.expires)
      changes.push(
        change(
          'loosens',
          'waivers',
          `extends ${describeWaiver(w)} (was ${before.expires})`,
          w.line,
        ),
      );
  }
  for (const [key, w] of was)
    if (!now.has(key)) changes.push(change('tightens', 'waivers', `removes ${describeWaiver(w)}`));
  return changes;
}
