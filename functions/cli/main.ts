import { readFileSync } from 'node:fs';
import { policiesDir } from '../rule-pack/load-rule-pack.js';
import { runCheck } from './commands/check.js';
import { runExtract } from './commands/extract.js';
import { runHistory } from './commands/history.js';
import { runInit } from './commands/init.js';
import { runSnapshot } from './commands/snapshot.js';
import { runVerify } from './commands/verify.js';
import { escapeControls } from '../engine/index.js';
import { HELP } from './help.js';
import { parseArgv, unknownCommand } from './parse-argv.js';
import { UsageError, type CliContext } from './io.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(`${policiesDir()}/../package.json`, 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

function dispatch(context: CliContext): number | Promise<number> {
  const { values, positionals } = parseArgv(context.argv);
  const [command, ...paths] = positionals;
  if (values.help || command === 'help') return (context.stdout.write(HELP), 0);
  if (values.version) return (context.stdout.write(`${version()}\n`), 0);
  const now = values.now ?? context.today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(now) || Number.isNaN(Date.parse(now))) {
    throw new UsageError(`--now "${now}" is not a date; write it as YYYY-MM-DD`);
  }
  switch (command) {
    case 'check':
      return runCheck(
        {
          paths,
          format: values.format,
          config: values.config,
          now,
          rules: values.rule,
          since: values.since,
        },
        context,
        version(),
      );
    case 'extract':
      return runExtract(paths, context);
    case 'history':
      return runHistory(
        {
          targets: paths,
          branch: values.branch,
          limit: values.limit,
          cursor: values.cursor,
          commit: values.commit,
          format: values.format,
        },
        context,
      );
    case 'init':
      return runInit(values.force === true, context);
    case 'snapshot':
      return runSnapshot(
        { paths, out: values.out, key: values.key, config: values.config, now },
        context,
      );
    case 'verify':
      return runVerify(
        {
          targets: paths,
          key: values.key,
          fingerprints: values.fingerprint ?? [],
          config: values.config,
          previous: values.previous,
          repository: values.repository,
          state: values.state,
          allowUnchained: values['allow-unchained'] === true,
          acceptV1: values['accept-v1'] === true,
        },
        context,
      );
    case undefined:
      throw new UsageError('no command given; try policy-check check, or policy-check --help');
    default:
      throw unknownCommand(command);
  }
}

function failed(error: unknown, context: CliContext): number {
  if (error instanceof UsageError) {
    // Messages quote file names and config values: one line each, no escape sequences.
    context.stderr.write(`policy-check: ${escapeControls(error.message)}\n`);
    return 2;
  }
  const detail = (error instanceof Error ? (error.stack ?? error.message) : String(error))
    .split('\n')
    .map(escapeControls)
    .join('\n');
  context.stderr.write(
    `policy-check: internal error; please report it with this output\n${detail}\n`,
  );
  return 2;
}

/** Runs the CLI and resolves to its exit code: 0 clean, 1 error findings, 2 usage error or unreadable input. */
export async function main(context: CliContext): Promise<number> {
  try {
    return await dispatch(context);
  } catch (error) {
    return failed(error, context);
  }
}
