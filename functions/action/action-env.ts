import { readFileSync } from 'node:fs';
import { UsageError } from '../cli/io.js';

/** What the workflow asked for: the action's inputs, which action.yml passes as INPUT_* variables. */
export interface ActionInputs {
  /** Files or folders to check, relative to the workspace; none: the whole workspace. */
  paths: string[];
  /** Write a SARIF file for code scanning. */
  sarif: boolean;
  sarifFile: string;
}

/** The run's context, from the variables GitHub Actions sets for every step. */
export interface ActionEnvironment {
  workspace: string;
  eventName: string;
  /** The webhook payload that started the run (`GITHUB_EVENT_PATH`), or null without one. */
  event: Record<string, unknown> | null;
  /** Files the step appends to: its Markdown summary and its outputs; null outside Actions. */
  stepSummary: string | null;
  output: string | null;
  inputs: ActionInputs;
}

function readEvent(path: string | undefined): Record<string, unknown> | null {
  if (!path) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `GITHUB_EVENT_PATH ${path}: cannot read the event payload (${(error as Error).message}); run this as a step of a GitHub Actions job`,
    );
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : null;
}

/** Reads the run's context from the environment of an Actions step. */
export function readActionEnv(
  env: Record<string, string | undefined>,
  cwd: string,
): ActionEnvironment {
  const sarif = (env.INPUT_SARIF ?? 'false').trim().toLowerCase();
  if (!['true', 'false', ''].includes(sarif))
    throw new UsageError(`input sarif is "${env.INPUT_SARIF}"; write true or false`);
  return {
    workspace: env.GITHUB_WORKSPACE || cwd,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event: readEvent(env.GITHUB_EVENT_PATH),
    stepSummary: env.GITHUB_STEP_SUMMARY || null,
    output: env.GITHUB_OUTPUT || null,
    inputs: {
      paths: (env.INPUT_PATHS ?? '').split(/\s+/).filter(Boolean),
      sarif: sarif === 'true',
      sarifFile: env.INPUT_SARIF_FILE?.trim() || 'policy-checker.sarif',
    },
  };
}
