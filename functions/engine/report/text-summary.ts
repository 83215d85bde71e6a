import type { Report } from '../model.js';
import type { Palette, Style } from './ansi.js';
import { wordsOf, wrapWords } from './wrap-words.js';

/** The summary's continuation lines line up after `✖ `. */
const INDENT = 2;

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The last line of the text report. A file that could not be read is never counted among the
 * files checked, nor ever "no problems", whether or not the summary counted its error: the
 * command exits 2 for it.
 */
export function summaryLine(report: Report, p: Palette, width = Infinity): string {
  const { text, style } = summaryOf(report, p);
  return wrapWords(wordsOf(text), { start: 0, indent: INDENT, width })
    .map(
      (line, i) => (i === 0 ? '' : ' '.repeat(INDENT)) + style(line.map((w) => w.text).join(' ')),
    )
    .join('\n');
}

function summaryOf(report: Report, p: Palette): { text: string; style: Style } {
  const { files, thirdParties, errors, warnings, notices } = report.summary;
  const unread = report.files.filter((f) => f.errors.length > 0).length;
  const checked = Math.max(0, files - unread);
  const scope = `in ${count(checked, 'file')}, ${count(thirdParties, 'third party', 'third parties')}`;
  const problems = errors + warnings + notices;
  if (problems === 0 && unread === 0) return { text: `✔ No problems ${scope}`, style: p.green };
  const strong =
    (style: Style): Style =>
    (t) =>
      style(p.bold(t));
  const notRead = `${count(unread, 'file')} could not be read`;
  if (problems === 0) {
    const rest = checked === 0 ? 'nothing was checked' : `no problems ${scope}`;
    return { text: `✖ ${notRead}; ${rest}`, style: strong(p.red) };
  }
  const kinds = `${count(errors, 'error')}, ${count(warnings, 'warning')}, ${count(notices, 'notice')}`;
  const tail =
    unread > 0
      ? `; ${unread === 1 ? 'another file' : `${unread} more files`} could not be read`
      : '';
  const style = errors > 0 || unread > 0 ? p.red : warnings > 0 ? p.yellow : p.cyan;
  return {
    text: `✖ ${count(problems, 'problem')} (${kinds}) ${scope}${tail}`,
    style: strong(style),
  };
}
