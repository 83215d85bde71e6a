/** The report renderers: one Report in, text for a terminal, JSON, SARIF or GitHub workflow commands out. */
export { renderText, type TextOptions } from './text.js';
export { renderJson } from './json.js';
export { renderSarif, type SarifOptions } from './sarif.js';
export type { SarifRule } from './sarif-rules.js';
export { renderGithubCommands } from './github.js';
export { escapeControls } from './escape-controls.js';
export { plainFromMarkdown, type PlainOptions } from './markdown-plain.js';
