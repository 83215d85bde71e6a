import type { Location, Result } from 'sarif';
import type { FileError, Finding, RelatedLocation } from '../model.js';
import { artifactLocation } from './sarif-location.js';
import { sarifLevel, type RuleTable } from './sarif-rules.js';

/** The partialFingerprints key; bump its version if the engine's fingerprint scheme changes. */
export const FINGERPRINT_KEY = 'policyCheck/v1';

/** What the result builders need besides the finding: the rule and artifact indexes of the run. */
export interface ResultContext {
  rules: RuleTable;
  artifacts: ReadonlyMap<string, number>;
}

/** A SARIF result for one finding, keeping its identity in partialFingerprints. */
export function findingResult(path: string, f: Finding, ctx: ResultContext): Result {
  return {
    ruleId: f.ruleId,
    ...ruleIndex(f.ruleId, ctx),
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(path, ctx.artifacts),
          region: {
            startLine: f.line,
            startColumn: f.column,
            endLine: f.endLine,
            endColumn: f.endColumn,
          },
        },
      },
    ],
    ...(f.related.length > 0
      ? { relatedLocations: f.related.map((r, i) => related(r, i, ctx)) }
      : {}),
    // The engine's fingerprint ignores line numbers, so code scanning keeps
    // tracking the same alert when lines above it move.
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.thirdParty === null ? {} : { properties: { thirdParty: f.thirdParty } }),
  };
}

/**
 * A SARIF result for a file that could not be checked. A result, not a
 * toolExecutionNotification: code scanning turns results, not notifications,
 * into alerts on the pull request, and an unread policy file must be as
 * visible there as it is to the CLI, which exits 2 for it.
 */
export function fileErrorResult(path: string, e: FileError, ctx: ResultContext): Result {
  return {
    ruleId: e.ruleId,
    ...ruleIndex(e.ruleId, ctx),
    level: 'error',
    message: { text: e.message },
    // Line 1: the error is about the whole file, but GitHub code scanning
    // needs region.startLine to place a result.
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(path, ctx.artifacts),
          region: { startLine: 1 },
        },
      },
    ],
    // No engine fingerprint here: the rule and the file are the identity.
    partialFingerprints: { [FINGERPRINT_KEY]: `file:${e.ruleId}:${path}` },
  };
}

function ruleIndex(ruleId: string, ctx: ResultContext): { ruleIndex?: number } {
  const index = ctx.rules.indexOf.get(ruleId);
  return index === undefined ? {} : { ruleIndex: index };
}

function related(r: RelatedLocation, i: number, ctx: ResultContext): Location {
  return {
    // Ids from 1, so a message could link one as `[first listing](1)` (SARIF §3.11.6).
    id: i + 1,
    physicalLocation: {
      artifactLocation: artifactLocation(r.path, ctx.artifacts),
      region: { startLine: r.line, startColumn: r.column },
    },
    message: { text: r.message },
  };
}
