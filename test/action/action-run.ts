import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { example, type Payload } from '../webhook/webhook-examples.js';

const BIN = fileURLToPath(new URL('../../dist/functions/action/bin.js', import.meta.url));

/** Every temporary folder made here, removed by `removeTemporaryFolders` after a file's tests. */
const made: string[] = [];

function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  made.push(folder);
  return folder;
}

/** Removes the repositories and runner folders the tests made. */
export function removeTemporaryFolders(): void {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** Runs git as the tests' author, with no user or system config in the way. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  }).trim();
}

/** Writes the files (null deletes one) and commits them; returns the commit's sha. */
export function commit(
  repo: string,
  files: Record<string, string | null>,
  message: string,
): string {
  for (const [path, text] of Object.entries(files)) {
    if (text === null) git(repo, 'rm', '-q', path);
    else {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), text);
      git(repo, 'add', path);
    }
  }
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

/** A new repository on `main`, outside this one. */
export function newRepo(): string {
  const repo = temporaryFolder('policy-action-');
  git(repo, 'init', '-q', '-b', 'main');
  return repo;
}

/** GitHub's own pull_request "opened" example, pointed at these commits. */
export function pullRequestEvent(baseSha: string, headSha: string): Payload {
  const payload = example('pull_request', (p) => p.action === 'opened');
  payload.pull_request.base.sha = baseSha;
  payload.pull_request.base.ref = 'main';
  payload.pull_request.head.sha = headSha;
  return payload;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
}

/** Reads GITHUB_OUTPUT's `name<<DELIMITER` blocks back into values. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.indexOf(open[2]!, i + 1);
    outputs[open[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

/**
 * Runs the built Action entry in `workspace` with the variables a runner sets for a step:
 * the event payload in a file, an empty job summary and outputs file, and the inputs.
 */
export function runAction(
  workspace: string,
  event: { name: string; payload: Payload | null },
  inputs: Record<string, string> = {},
  overrides: Record<string, string> = {},
): ActionRun {
  const runner = temporaryFolder('policy-runner-');
  const files = {
    event: join(runner, 'event.json'),
    summary: join(runner, 'step_summary.md'),
    output: join(runner, 'output.txt'),
  };
  if (event.payload) writeFileSync(files.event, JSON.stringify(event.payload));
  writeFileSync(files.summary, '');
  writeFileSync(files.output, '');
  const result = spawnSync(process.execPath, [BIN], {
    cwd: workspace,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: runner,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: event.name,
      ...(event.payload ? { GITHUB_EVENT_PATH: files.event } : {}),
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
      ...Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [
          `INPUT_${k.toUpperCase().replaceAll('-', '_')}`,
          v,
        ]),
      ),
      ...overrides,
    },
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    summary: readFileSync(files.summary, 'utf8'),
    outputs: parseOutputs(readFileSync(files.output, 'utf8')),
  };
}
