import type { RuleType } from '../rules/rule.js';
import { requiredField } from './required-field.js';
import { linkShape } from './link-shape.js';
import { forbiddenPattern } from './forbidden-pattern.js';
import { unique } from './unique.js';
import { allowedValues } from './allowed-values.js';
import { jsonSchema } from './json-schema.js';
import { transferMechanism } from './transfer-mechanism.js';
import { invalidMechanism } from './invalid-mechanism.js';
import { linkKind } from './link-kind.js';
import { dateAge } from './date-age.js';
import { crossDocument } from './cross-document.js';
import { undeclaredService } from './undeclared-service.js';
import { noticePeriod } from './notice-period.js';
import { legalDataAge } from './legal-data-age.js';

/** Every rule type the engine runs, by name. */
export const RULE_TYPES: ReadonlyMap<string, RuleType<never>> = new Map(
  [
    requiredField,
    linkShape,
    forbiddenPattern,
    unique,
    allowedValues,
    jsonSchema,
    transferMechanism,
    invalidMechanism,
    linkKind,
    dateAge,
    crossDocument,
    undeclaredService,
    noticePeriod,
    legalDataAge,
  ].map((t) => [t.type, t as RuleType<never>]),
);
