import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, type CliContext } from '../io.js';

/** The commented starting config that `init` writes. */
export const STARTER_CONFIG = `# policy-checker configuration: https://github.com/policy-checker/policy-checker#configuration
# yaml-language-server: $schema=https://policy-checker.dev/schemas/config/v1.json

# Which files are policy files (globs, relative to the repository root).
# Default: Markdown, YAML and JSON files whose names say subprocessor, third party, vendor or privacy.
# files:
#   - docs/subprocessors.md
#   - _data/subprocessors.yml

# Globs never checked (node_modules/ and this tool's own rule files are always skipped).
# ignore:
#   - archive/**

# YAML/JSON files written in policy-checker's own format: the strict schema applies to them.
# structured:
#   - policies/*.yml

# Files larger than this are reported, not read.
# maxFileSize: 5MiB

# Per rule: error | warning | notice | off, or { severity, params }.
rules:
  duplicate-third-party: warning
  # stale-todo:
  #   params:
  #     maxAgeDays: 14

# Rules of the built-in types (required-field, link-shape, forbidden-pattern, unique, allowed-values).
# customRules:
#   - id: eea-only
#     description: Data stays in the EEA.
#     severity: error
#     rationale: Our contracts promise EEA-only processing (GDPR Art. 44).
#     type: allowed-values
#     params: { field: countries, values: [EU, EEA, DE, FR, IE, NL], fix: move the processing or update the contract }

# Findings accepted on purpose, until a date; an expired waiver is itself a finding.
# waivers:
#   - rule: location-required
#     thirdParty: Mailgun
#     reason: Location confirmation requested from the vendor
#     expires: 2026-12-31
`;

/** `policy-check init`: writes a commented `.policy-checker.yml`, never over an existing one unless forced. */
export function runInit(force: boolean, context: CliContext): number {
  const target = join(context.cwd, '.policy-checker.yml');
  if (existsSync(target) && !force)
    throw new UsageError('.policy-checker.yml already exists; use --force to overwrite it');
  writeFileSync(target, STARTER_CONFIG);
  context.stdout.write('Wrote .policy-checker.yml; edit it, then run: policy-check check\n');
  return 0;
}
