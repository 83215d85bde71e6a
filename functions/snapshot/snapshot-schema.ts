import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import snapshotSchema from '../../policies/schemas/snapshot.schema.json' with { type: 'json' };

let compiled: ValidateFunction | undefined;

/**
 * Validates a parsed snapshot against `policies/schemas/snapshot.schema.json` (draft 2020-12);
 * returns the problems as `/pointer: message`, empty when it matches.
 */
export function snapshotSchemaErrors(value: unknown): string[] {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv); // CommonJS under NodeNext: the function is `.default`
    compiled = ajv.compile(snapshotSchema);
  }
  if (compiled(value)) return [];
  return (compiled.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
