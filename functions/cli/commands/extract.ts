import { resolve } from 'node:path';
import {
  DEFAULT_MAX_FILE_SIZE,
  escapeControls,
  parseDocument,
  reportedParty,
} from '../../engine/index.js';
import { UsageError, type CliContext } from '../io.js';
import { readSource } from '../read-source.js';

/** `policy-check extract FILE`: the third parties and TODOs the engine reads from one file, as JSON. */
export function runExtract(paths: string[], context: CliContext): number {
  if (paths.length !== 1)
    throw new UsageError(
      'extract takes exactly one FILE; e.g. policy-check extract docs/subprocessors.md',
    );
  const [path] = paths as [string];
  const input = readSource(resolve(context.cwd, path), path, DEFAULT_MAX_FILE_SIZE);
  if ('error' in input) {
    context.stderr.write(`${escapeControls(`${path}: ${input.error.message}`)}\n`);
    return 2;
  }
  const document = parseDocument(input);
  const result = {
    path,
    format: document.format,
    thirdParties: document.thirdParties.map(reportedParty),
    todos: document.todos.map((t) => ({ line: t.line, text: t.text, due: t.due })),
  };
  context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}
