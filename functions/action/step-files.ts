import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

/**
 * Appends step outputs to `GITHUB_OUTPUT` in the runner's multi-line form (`name<<DELIMITER`),
 * with a random delimiter, so no value (a path with a newline) can forge another output.
 */
export function writeOutputs(file: string, outputs: Record<string, string | number>): void {
  const text = Object.entries(outputs)
    .map(([name, value]) => {
      const delimiter = `ghadelimiter_${randomUUID()}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
  appendFileSync(file, text);
}

/** Appends Markdown to the job summary (`GITHUB_STEP_SUMMARY`). */
export function appendSummary(file: string, markdown: string): void {
  appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}
