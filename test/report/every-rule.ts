/**
 * A report in which every rule a check can report fires at least once: the not-ok fixtures of
 * the rule folders, plus inputs made for the rest (the engine's own ids, the repository-wide
 * rules, a baseline, a pull request's config). Built by the real engine, never by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  binaryFile,
  checkSources,
  configChangedProblem,
  configChanges,
  MAX_ENTRIES_PER_CHECK,
  parseConfig,
  tooLargeFile,
  type CheckInput,
  type Report,
} from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';

const RULES = fileURLToPath(new URL('../rules/', import.meta.url));

/** The not-ok fixture of every rule folder, under its own path. */
function notOkFixtures(): CheckInput[] {
  return readdirSync(RULES).flatMap((rule) =>
    readdirSync(join(RULES, rule))
      .filter((f) => f.startsWith('not-ok.') && !f.endsWith('.expected.txt'))
      .map((f) => ({ path: `${rule}/${f}`, text: readFileSync(join(RULES, rule, f), 'utf8') })),
  );
}

const yamlEntry = (name: string, extra = '') =>
  `  - name: ${name}\n    purpose: Email\n    location: Germany\n    gdprLink: https://${name.toLowerCase()}.example/dpa\n${extra}`;
const policyFile = (entries: string) =>
  `$schema: https://policy-checker.dev/schemas/policy-file/v1.json\nthirdParties:\n${entries}`;

/** A table of bare names (the cheapest entries to read), one past the limit a check reads. */
function overTheLimit(): string {
  const rows = ['| Name | Purpose | Location | DPA |', '| --- | --- | --- | --- |'];
  for (let i = 0; i <= MAX_ENTRIES_PER_CHECK; i++) rows.push(`| Vendor ${i} | | | |`);
  return `${rows.join('\n')}\n`;
}

/**
 * A check of a list past the entry limit, on its own and with no rule but the limit: with the
 * rules on, its 10,000 entries would each be a finding of several rules, and in one check with
 * the other lists cross-document-consistency would compare them all.
 */
function overLimitReport(): Report {
  const inputs = [{ path: 'big/subprocessors.md', text: overTheLimit() }];
  return checkSources(inputs, { rulePack: loadRulePack(), now: NOW, only: ['too-many-entries'] });
}

const CONFIG = [
  'rules:',
  '  duplicate-third-party: warning',
  '  locaton-required: error',
  'waivers:',
  '  - rule: purpose-required',
  '    reason: Asked the vendor',
  '    expires: 2026-01-31',
  '',
].join('\n');

const NOW = '2026-06-01';

/**
 * A check dated long after the legal data was last reviewed, with no rule but its age: the
 * other inputs are checked on a date when the data is fresh.
 */
function staleLegalDataReport(): Report {
  const inputs = [{ path: 'later/subprocessors.md', text: '# Subprocessors\n\nNone yet.\n' }];
  return checkSources(inputs, {
    rulePack: loadRulePack(),
    now: '2099-01-01',
    only: ['legal-data-stale'],
  });
}

/** The report: one check of every input but those that need their own check, then theirs. */
export function everyRuleReport(): Report {
  const parts = [mainReport(), overLimitReport(), staleLegalDataReport()];
  const files = parts.flatMap((part) => part.files);
  const summary = { ...parts[0]!.summary };
  for (const part of parts.slice(1))
    for (const key of Object.keys(summary) as (keyof typeof summary)[])
      summary[key] += part.summary[key];
  return { version: 1, files, summary };
}

function mainReport(): Report {
  const { config, problems } = parseConfig('.policy-checker.yml', CONFIG);
  const proposed = parseConfig(
    '.policy-checker.yml',
    `${CONFIG}  - rule: stale-todo\n    reason: Later\n    expires: 2027-01-31\n`,
  );
  const changed = configChangedProblem(configChanges(config, proposed.config), 'the base');
  const inputs: CheckInput[] = [
    ...notOkFixtures(),
    {
      path: 'team/subprocessors.md',
      text: [
        '# Subprocessors',
        '',
        '| Vendor | Purpose | Location |',
        '| --- | --- | --- |',
        '| Stripe | Payments | Ireland |',
        '',
        'Leads are tracked in Salesforce.',
        '',
        'See the [Heroku compliance page] (https://devcenter.heroku.com/articles/security-privacy-compliance).',
        '',
      ].join('\n'),
    },
    {
      path: 'team/vendors.yml',
      text: policyFile(yamlEntry('Stripe') + yamlEntry('Acme', '    effective: 2026-06-11\n')),
    },
    binaryFile('archive/subprocessors.pdf.md'),
    tooLargeFile('export/vendors.json', 9 * 1024 * 1024, 5 * 1024 * 1024),
  ];
  return checkSources(inputs, {
    rulePack: loadRulePack(),
    config,
    configProblems: problems,
    now: NOW,
    baseline: {
      label: 'main',
      inputs: [{ path: 'team/vendors.yml', text: policyFile(yamlEntry('Stripe')) }],
    },
    proposedConfig: { path: '.policy-checker.yml', problems: changed ? [changed] : [] },
  });
}
