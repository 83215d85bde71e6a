import { FILE_NAMES, snapshotPageFile } from '../snapshot-paths.js';
import { renderPage } from './render-page.js';
import { pageStyle } from './style.js';
import type { PageInput } from './types.js';

/** A file of the public page, with the kind that gives its Content-Type and Cache-Control. */
export interface PageFile {
  kind: 'style' | 'snapshotPage' | 'indexPage';
  file: string;
  body: string;
}

export type PageFilesInput = Omit<PageInput, 'role' | 'styleFile'> & {
  /** True for the head: `index.html` is written too. */
  current: boolean;
};

/**
 * The page files of one snapshot, in publishing order: the style sheet, `<seq>.html`, then
 * `index.html` (for the head), so no page names a file that is not there yet.
 */
export function renderPageFiles(input: PageFilesInput): PageFile[] {
  const { current, ...rest } = input;
  const style = pageStyle(input.branding);
  const page = (role: PageInput['role']): string =>
    renderPage({ ...rest, role, styleFile: style.file });
  return [
    { kind: 'style', file: style.file, body: style.body },
    {
      kind: 'snapshotPage',
      file: snapshotPageFile(input.snapshot.sequence),
      body: page('version'),
    },
    ...(current
      ? [{ kind: 'indexPage' as const, file: FILE_NAMES.indexPage, body: page('index') }]
      : []),
  ];
}
