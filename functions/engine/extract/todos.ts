import type { Todo } from '../model.js';

const MARKER =
  /(?<![\p{L}\p{N}_])(TODO|FIXME|TBD|XXX)(?:\((\d{4}-\d{2}-\d{2})\))?(?![\p{L}\p{N}_])/u;

/** Every TODO / FIXME / TBD / XXX marker, anywhere (headings, tables, comments), one per line. */
export function findTodos(lines: readonly string[]): Todo[] {
  const todos: Todo[] = [];
  lines.forEach((line, index) => {
    const match = MARKER.exec(line);
    if (!match) return;
    // The marker's text runs to the end of the line, minus a closing comment, a table pipe or
    // an HTML cell's closing tags.
    const text = line
      .slice(match.index)
      .replace(/\s*\|.*$/, '')
      .replace(/\s*(?:<\/[a-z][a-z0-9]*>\s*)+$/i, '')
      .replace(/\s*(-->|\*\/)\s*$/, '')
      .trimEnd();
    todos.push({
      line: index + 1,
      column: match.index + 1,
      endColumn: match.index + 1 + text.length,
      marker: match[1] as Todo['marker'],
      text,
      due: match[2] ?? null,
    });
  });
  return todos;
}
