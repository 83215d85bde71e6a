import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_DOCS_BASE,
  ENGINE_RULE_IDS,
  type RuleDefinition,
  type SarifRule,
  type Severity,
} from '../engine/index.js';
import { loadRulePack, policiesDir } from '../rule-pack/load-rule-pack.js';

/** The paragraph that starts at `from` (a line index), as one line of plain text. */
function paragraphAt(lines: readonly string[], from: number): string {
  let start = from;
  while (start < lines.length && lines[start]!.trim() === '') start += 1;
  const out: string[] = [];
  for (let i = start; i < lines.length && lines[i]!.trim() !== ''; i += 1)
    out.push(lines[i]!.trim());
  return out.join(' ').replace(/\*\*/g, '');
}

/** What a rule's page says: its lead sentence, why it exists, its severity, and the page itself. */
interface RulePage {
  lead: string;
  why: string;
  severity: Severity | null;
  markdown: string;
}

function readPage(id: string, docsUrl: string): RulePage | null {
  const file = join(policiesDir(), '..', 'docs', 'rules', `${id}.md`);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/);
  const heading = lines.findIndex((l) => l.startsWith('# '));
  const why = lines.findIndex((l) => /^## Why\b/.test(l));
  const severity = /Severity: \*\*(error|warning|notice)\*\*/.exec(text)?.[1] as
    Severity | undefined;
  return {
    lead: paragraphAt(lines, heading + 1),
    why: why < 0 ? '' : paragraphAt(lines, why + 1),
    severity: severity ?? null,
    // Code scanning shows the page away from the repository: a relative link must be absolute.
    markdown: text.replace(
      /\]\((?!\w+:)([^)\s]+)\)/g,
      (_, target: string) => `](${new URL(target, docsUrl).href})`,
    ),
  };
}

/**
 * Every rule a check can report, described for SARIF from the rule files (description,
 * rationale) and the docs pages (docs/rules/<id>.md), the engine's own ids included.
 */
export function describeRules(customRules: readonly RuleDefinition[] = []): SarifRule[] {
  const fromRules = [...loadRulePack().rules, ...customRules].map((rule): SarifRule => {
    const docsUrl = rule.docsUrl ?? `${DEFAULT_DOCS_BASE}/${rule.id}.md`;
    const page = rule.docsUrl ? null : readPage(rule.id, docsUrl);
    return {
      id: rule.id,
      description: rule.description,
      fullDescription: `${rule.description} ${rule.rationale}`.replace(/\s+/g, ' ').trim(),
      ...(page ? { helpMarkdown: page.markdown } : {}),
      docsUrl,
      severity: rule.severity,
    };
  });
  const fromEngine = ENGINE_RULE_IDS.flatMap((id): SarifRule[] => {
    const docsUrl = `${DEFAULT_DOCS_BASE}/${id}.md`;
    const page = readPage(id, docsUrl);
    if (!page) return [];
    return [
      {
        id,
        description: page.lead,
        fullDescription: [page.lead, page.why].filter(Boolean).join(' '),
        helpMarkdown: page.markdown,
        docsUrl,
        severity: page.severity ?? 'error',
      },
    ];
  });
  return [...fromRules, ...fromEngine];
}
