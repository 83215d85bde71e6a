import countries from 'i18n-iso-countries';
import type {
  CatalogueEntry,
  CatalogueField,
  CatalogueProblem,
  ProcessorCatalogue,
} from './processor-catalogue.js';

const FILLABLE: CatalogueField[] = [
  'aliases',
  'legalNames',
  'domains',
  'headquarters',
  'dpa',
  'category',
];

/**
 * The rules a JSON Schema cannot say: every cited reference exists and is cited, no source is listed for
 * a field left empty, no name or alias belongs to two entries (the reader could not tell them apart),
 * and a headquarters code is an assigned ISO 3166-1 code, not just two letters.
 */
export function catalogueProblems(
  catalogue: Omit<ProcessorCatalogue, 'byName'>,
): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const cited = new Set<string>();
  const owner = new Map<string, string>();
  catalogue.processors.forEach((entry, i) => {
    const at = `/processors/${i}`;
    for (const [field, ids] of Object.entries(entry.sources)) {
      if (
        field !== 'name' &&
        field !== 'ambiguous' &&
        entry[field as keyof CatalogueEntry] === undefined
      )
        problems.push({
          pointer: `${at}/sources/${field}`,
          message: `${entry.name} cites sources for ${field}, which it does not fill; remove them or fill the field`,
        });
      for (const id of ids ?? []) {
        cited.add(id);
        if (!(id in catalogue.references))
          problems.push({
            pointer: `${at}/sources/${field}`,
            message: `${entry.name} cites "${id}", which is not under references; add it there`,
          });
      }
    }
    for (const field of FILLABLE)
      if (entry[field] !== undefined && !entry.sources[field]?.length)
        problems.push({
          pointer: `${at}/${field}`,
          message: `${entry.name} fills ${field} without a source; cite where it was read, or remove it`,
        });
    if (FILLABLE.every((field) => field === 'aliases' || entry[field] === undefined))
      problems.push({
        pointer: at,
        message: `${entry.name} has no sourced field beyond its name; add one with its source, or remove the entry`,
      });
    if (entry.headquarters !== undefined && !countries.isValid(entry.headquarters))
      problems.push({
        pointer: `${at}/headquarters`,
        message: `${entry.name}'s headquarters "${entry.headquarters}" is not an assigned ISO 3166-1 alpha-2 code; use the country's two-letter code`,
      });
    for (const name of [entry.name, ...(entry.aliases ?? [])]) {
      const key = name.toLowerCase();
      const first = owner.get(key);
      if (first !== undefined)
        problems.push({
          pointer: at,
          message: `"${name}" of ${entry.name} is already a name or alias of ${first}; merge the entries or drop the alias`,
        });
      else owner.set(key, entry.name);
    }
  });
  for (const id of Object.keys(catalogue.references))
    if (!cited.has(id))
      problems.push({
        pointer: `/references/${id}`,
        message: `reference "${id}" is cited by no entry; remove it`,
      });
  return problems;
}
