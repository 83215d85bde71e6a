import type { TextOptions } from '../engine/index.js';
import type { CliContext } from './io.js';

/**
 * How the text report is laid out for this stdout: colour and wrapping only on a terminal
 * (`NO_COLOR` turns colour off); piped or redirected, one line per finding and no escape codes,
 * so grep, editors and CI logs see whole findings.
 */
export function textOptions(context: Pick<CliContext, 'stdout' | 'env'>): TextOptions {
  const tty = context.stdout.isTTY === true;
  const width = tty ? context.stdout.columns : undefined;
  return {
    color: tty && !context.env.NO_COLOR,
    ...(width !== undefined && width > 0 ? { width } : {}),
  };
}
