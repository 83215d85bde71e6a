import { parseArgs } from 'node:util';
import { didYouMean } from '../engine/index.js';
import { UsageError } from './io.js';

/** Every option the CLI takes; each command reads the ones it needs. */
const OPTIONS = {
  format: { type: 'string', short: 'f', default: 'text' },
  config: { type: 'string', short: 'c' },
  now: { type: 'string' },
  rule: { type: 'string', multiple: true },
  since: { type: 'string' },
  force: { type: 'boolean' },
  out: { type: 'string' },
  key: { type: 'string' },
  fingerprint: { type: 'string', multiple: true },
  previous: { type: 'string' },
  repository: { type: 'string' },
  state: { type: 'string' },
  'allow-unchained': { type: 'boolean' },
  'accept-v1': { type: 'boolean' },
  branch: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  commit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type Option = (typeof OPTIONS)[keyof typeof OPTIONS];

const HELP_HINT = 'see policy-check --help';

/** An option by its long name or its one-letter short name. */
function lookup(name: string, short: boolean): [string, Option] | undefined {
  return Object.entries(OPTIONS).find(([long, o]) =>
    short ? 'short' in o && o.short === name : long === name,
  );
}

function unknown(token: string, name: string): UsageError {
  const guess = didYouMean(name, Object.keys(OPTIONS));
  const hint = guess ? `did you mean --${guess}? (${HELP_HINT})` : HELP_HINT;
  return new UsageError(`unknown option ${token}; ${hint}`);
}

/**
 * Checks the options before node's parser sees them, so a mistake gets one line that names the
 * option and what to do, not the parser's text ("place it at the end of the command after '--'").
 */
function checkOptions(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i]!;
    if (token === '--') return;
    if (!token.startsWith('-') || token === '-') continue;
    const long = token.startsWith('--');
    const [name = '', value] = long ? token.slice(2).split(/=(.*)/s) : [token.slice(1, 2)];
    const found = lookup(name, !long);
    if (!found) throw unknown(long ? `--${name}` : `-${name}`, name);
    const [option, spec] = found;
    if (spec.type === 'boolean') {
      if (value !== undefined)
        throw new UsageError(`--${option} takes no value; write --${option} alone`);
      continue;
    }
    const inline = long ? value : token.length > 2 ? token.slice(2) : undefined;
    if (inline !== undefined) continue;
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && next !== '-'))
      throw new UsageError(`--${option} needs a value; e.g. ${example(option)}`);
    i += 1;
  }
}

function example(option: string): string {
  if (option === 'format') return '--format json';
  if (option === 'now') return '--now 2026-01-31';
  return `--${option} ${option.toUpperCase()}`;
}

/** The command line as values and positionals, or a UsageError that says what to fix. */
export function parseArgv(argv: string[]) {
  checkOptions(argv);
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    // What the check above did not foresee: the parser's own words, without its quoting.
    const message = (error as Error).message.replace(/'/g, '').replace(/\.$/, '');
    throw new UsageError(`${message}; ${HELP_HINT}`);
  }
}

/** The commands, for the error that names an unknown one. */
export const COMMANDS = ['check', 'extract', 'init', 'snapshot', 'verify', 'history', 'help'];

/** The error for an unknown command: the closest command when there is one, else the list. */
export function unknownCommand(command: string): UsageError {
  const guess = didYouMean(command, COMMANDS);
  const list = COMMANDS.filter((c) => c !== 'help').join(', ');
  const hint = guess ? `did you mean ${guess}? (commands: ${list})` : `use ${list} (${HELP_HINT})`;
  return new UsageError(`unknown command "${command}"; ${hint}`);
}
