/**
 * SARIF 2.1.0 output, for GitHub code scanning and SARIF viewers.
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import type { Artifact, Invocation, Log, Result } from 'sarif';
import type { Report, ReportNote } from '../model.js';
import { fileErrorResult, findingResult, type ResultContext } from './sarif-results.js';
import { buildRuleTable, sarifLevel, type SarifRule } from './sarif-rules.js';
import { SRCROOT, toUriReference } from './sarif-location.js';

/** Options of the SARIF renderer: what the report itself does not know about the tool. */
export interface SarifOptions {
  toolVersion: string;
  informationUri?: string;
  rules: SarifRule[];
}

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Renders the report as a SARIF 2.1.0 log with one run, pretty-printed, with a trailing newline. */
export function renderSarif(report: Report, options: SarifOptions): string {
  const rules = buildRuleTable(options.rules, report);
  const artifacts = new Map(report.files.map((f, i) => [f.path, i]));
  const ctx: ResultContext = { rules, artifacts };
  const results: Result[] = report.files.flatMap((file) => [
    ...file.errors.map((e) => fileErrorResult(file.path, e, ctx)),
    ...file.findings.map((f) => findingResult(file.path, f, ctx)),
  ]);
  const log: Log = {
    $schema: SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'policy-check',
            version: options.toolVersion,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules: rules.descriptors,
          },
        },
        ...(report.notes?.length ? { invocations: [invocation(report.notes)] } : {}),
        // No originalUriBaseIds: the root's absolute path is the caller's
        // business, and consumers such as GitHub resolve %SRCROOT% themselves.
        artifacts: report.files.map((f): Artifact => ({
          location: { uri: toUriReference(f.path), uriBaseId: SRCROOT },
          ...(f.format === null ? {} : { sourceLanguage: f.format }),
        })),
        // The parsers count columns in JS string indexes, not code points (the SARIF default).
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * Notes about the whole run as toolExecutionNotifications (SARIF §3.20.21): they qualify the
 * results without being one, and a result would need a file and a line.
 */
function invocation(notes: readonly ReportNote[]): Invocation {
  return {
    executionSuccessful: true,
    toolExecutionNotifications: notes.map((n) => ({
      level: sarifLevel(n.severity),
      message: { text: n.message },
      descriptor: { id: n.id },
    })),
  };
}
