import type { FileProblem, FileReport } from '../model.js';
import type { DocsUrl, UnsignedFinding } from '../run-rules.js';
import { signFindings, sortFindings } from '../run-rules.js';
import type { PolicyConfig } from './config.js';

/** The config file's own findings: its problems and expired waivers, or null when it has none. */
export function configFindings(
  config: PolicyConfig,
  problems: readonly FileProblem[],
  now: string,
  docsUrl: DocsUrl,
): FileReport | null {
  const path = config.path;
  if (!path) return null;
  const raw: UnsignedFinding[] = problems.map((p) => ({
    ruleId: p.ruleId,
    severity: p.severity,
    message: p.message,
    ...p.span,
    thirdParty: null,
    docsUrl: docsUrl({ id: p.ruleId }),
    related: [],
  }));
  for (const w of config.waivers.filter((w) => w.expires < now)) {
    const target = [w.thirdParty, w.file].filter(Boolean).join(' in ') || 'every file';
    raw.push({
      ruleId: 'waiver-expired',
      severity: 'warning',
      message: `The waiver of ${w.rule} for ${target} expired on ${w.expires} (reason: ${w.reason}); fix the finding, or renew the waiver with a new date`,
      line: w.line,
      column: 1,
      endLine: w.line,
      endColumn: 1,
      thirdParty: w.thirdParty,
      docsUrl: docsUrl({ id: 'waiver-expired' }),
      related: [],
    });
  }
  if (raw.length === 0) return null;
  const findings = signFindings(path, [], sortFindings(raw), (n) => n.toLowerCase());
  return { path, format: 'yaml', thirdParties: [], todos: [], errors: [], findings };
}
