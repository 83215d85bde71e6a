/** The engine's public surface: source text in, report out. No I/O, no clock, no git. */
export type * from './model.js';
export {
  checkSources,
  createChecker,
  type Checker,
  DEFAULT_DOCS_BASE,
  type CheckInput,
  type CheckOptions,
  type UnreadableInput,
} from './check.js';
export {
  unreadable,
  binaryFile,
  emptyFile,
  tooLargeFile,
  overCheckBudget,
} from './unreadable-inputs.js';
export { MAX_ENTRIES_PER_CHECK, MAX_FILE_SIZE_CEILING, MAX_TOTAL_BYTES } from './config/limits.js';
export { parseDocument, formatOf } from './parse/parse-document.js';
export { parseConfig } from './config/parse-config.js';
export {
  configChangedProblem,
  configChanges,
  CONFIG_KEYS,
  type ConfigChange,
} from './config/config-change.js';
export { globMatcher } from './config/glob.js';
export { didYouMean } from './did-you-mean.js';
export { selectPolicyPaths, unsafePathReason } from './config/select-paths.js';
export {
  defaultConfig,
  DEFAULT_FILES,
  DEFAULT_IGNORE,
  DEFAULT_MAX_FILE_SIZE,
  ENGINE_RULE_IDS,
  type PolicyConfig,
  type Waiver,
} from './config/config.js';
export { buildRulePack, RulePackError, type RulePack } from './rules/rule-pack.js';
export type { RuleDefinition } from './rules/rule.js';
export { reportedParty } from './report/reported-party.js';
export {
  renderText,
  renderJson,
  renderSarif,
  renderGithubCommands,
  escapeControls,
  plainFromMarkdown,
  type TextOptions,
} from './report/index.js';
export type { SarifRule } from './report/index.js';
export { buildAliasIndex, sameVendor, vendorKeys } from './vendors/same-vendor.js';
export { countriesDiffer, purposesDiffer } from './rule-types/cross-document.js';
export {
  diffThirdParties,
  isEmptyDiff,
  COMPARED_FIELDS,
  type ComparedField,
  type ListedParty,
  type ThirdPartyDiff,
  type ChangedParty,
  type FieldChange,
} from './report/third-party-diff.js';
