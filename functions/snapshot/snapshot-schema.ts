import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import snapshotSchema from '../../policies/schemas/snapshot.schema.json' with { type: 'json' };
import snapshotV1Schema from '../../policies/schemas/snapshot-v1.schema.json' with { type: 'json' };
import { SNAPSHOT_V1_SCHEMA_ID } from './snapshot.js';

let compiled: { v2: ValidateFunction; v1: ValidateFunction } | undefined;

function validators(): { v2: ValidateFunction; v1: ValidateFunction } {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv); // CommonJS under NodeNext: the function is `.default`
    compiled = { v2: ajv.compile(snapshotSchema), v1: ajv.compile(snapshotV1Schema) };
  }
  return compiled;
}

/** 1 when the value says it is a version-1 snapshot, else 2 (what it must then match). */
export function snapshotVersionOf(value: unknown): 1 | 2 {
  return (value as { $schema?: unknown } | null)?.$schema === SNAPSHOT_V1_SCHEMA_ID ? 1 : 2;
}

/**
 * Validates a parsed snapshot against `policies/schemas/snapshot.schema.json` (version 2,
 * draft 2020-12), or `snapshot-v1.schema.json` when it declares version 1; returns the problems
 * as `/pointer: message`, empty when it matches.
 */
export function snapshotSchemaErrors(value: unknown): string[] {
  const validate = validators()[snapshotVersionOf(value) === 1 ? 'v1' : 'v2'];
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
