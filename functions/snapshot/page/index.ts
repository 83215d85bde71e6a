/** The public page: snapshot(s) in, static HTML and one style sheet out. Pure. */
export { renderPage } from './render-page.js';
export { renderPageFiles, type PageFile, type PageFilesInput } from './page-files.js';
export { pageStyle, accentColor } from './style.js';
export { pageCsp, logoOrigin } from './csp.js';
export { escapeHtml, webUrl } from './html.js';
export { defaultRepositoryUrl } from './verify-section.js';
export { POLICY_CHECK_COMMAND } from '../verify-tool.js';
export { MAX_HISTORY } from './history.js';
export type { PageBranding, PageFinding, PageHistoryEntry, PageInput } from './types.js';
