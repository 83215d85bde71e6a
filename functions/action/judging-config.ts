import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  configChangedProblem,
  configChanges,
  defaultConfig,
  DEFAULT_MAX_FILE_SIZE,
  parseConfig,
  type FileProblem,
  type PolicyConfig,
} from '../engine/index.js';
import { loadConfig } from '../cli/load-config.js';
import { readSource } from '../cli/read-source.js';
import { tryGit } from './git.js';

const CONFIG_NAMES = ['.policy-checker.yml', '.policy-checker.yaml'];

interface ConfigFile {
  path: string | null;
  text: string | null;
}

/** The config that judges the run, and for a pull request the problems of its own config. */
export interface JudgingConfig {
  config: PolicyConfig;
  problems: FileProblem[];
  /** A pull request's own config file, when it differs from the base's: reported, not used. */
  proposed: { path: string; problems: FileProblem[] } | null;
}

function parsed(file: ConfigFile): { config: PolicyConfig; problems: FileProblem[] } {
  if (file.path === null || file.text === null) return { config: defaultConfig(), problems: [] };
  return parseConfig(file.path, file.text);
}

function atCommit(root: string, sha: string): ConfigFile {
  for (const path of CONFIG_NAMES) {
    const text = tryGit(['show', `${sha}:${path}`], root);
    if (text !== undefined) return { path, text };
  }
  return { path: null, text: null };
}

function inWorkingTree(root: string): ConfigFile {
  const path = CONFIG_NAMES.find((name) => existsSync(join(root, name))) ?? null;
  if (path === null) return { path: null, text: null };
  const source = readSource(join(root, path), path, DEFAULT_MAX_FILE_SIZE);
  // An unreadable config is reported by loadConfig's own wording when it judges; here an
  // unreadable proposal counts as changed, so its problems are shown.
  return { path, text: 'text' in source ? source.text : '' };
}

/**
 * The configuration that judges the run. A push is judged with its own `.policy-checker.yml`,
 * as the CLI reads it. A pull request is judged with its base's, read with git from the base
 * commit, as the GitHub App does (functions/github/read-commit.ts): else the pull request
 * that adds a vendor with no DPA could switch the rule off in the same commit. Its own
 * config, when different, yields `config-changed` (what it would loosen) and its own problems.
 */
export function judgingConfig(root: string, baseSha: string | null): JudgingConfig {
  if (baseSha === null) {
    const { config, problems } = loadConfig(root, undefined);
    return { config, problems, proposed: null };
  }
  const baseFile = atCommit(root, baseSha);
  const headFile = inWorkingTree(root);
  const base = parsed(baseFile);
  if (headFile.text === baseFile.text) return { ...base, proposed: null };
  const head = parsed(headFile);
  const changed = configChangedProblem(
    configChanges(base.config, head.config),
    `the base ${baseSha.slice(0, 7)}`,
  );
  const path = headFile.path ?? baseFile.path;
  return {
    ...base,
    proposed: path ? { path, problems: [...head.problems, ...(changed ? [changed] : [])] } : null,
  };
}
