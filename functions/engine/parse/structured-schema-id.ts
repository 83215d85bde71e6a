/** The `$id` of the policy-file schema this engine validates against (the version is in the id). */
export const POLICY_FILE_SCHEMA_ID = 'https://policy-checker.dev/schemas/policy-file/v1.json';

// Any version counts as a declaration: a file written for v2 must still be checked, and the
// schema rule then tells what differs, rather than silently skipping the file.
const DECLARATION =
  /^https?:\/\/policy-checker\.dev\/schemas\/policy-file\/v\d+(?:\.\d+)*\.json#?$/;

/** True when a parsed value is a mapping whose top-level `$schema` names the policy-file schema. */
export function declaresPolicySchema(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (!('$schema' in value)) return false;
  const declared: unknown = value.$schema;
  return typeof declared === 'string' && DECLARATION.test(declared.trim());
}
