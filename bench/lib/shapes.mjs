/**
 * Renderers for the three shapes real subprocessor pages use: GFM pipe tables, bullet lists and
 * one heading per vendor. Each takes a list of entries and returns Markdown lines.
 */
import { DATA_CATEGORIES } from './fields.mjs';
import { DETAIL_SENTENCES, LINK_LINES, LOCATION_SENTENCES, PURPOSE_SENTENCES } from './prose.mjs';

/**
 * @typedef {import('./prng.mjs').Rng} Rng
 * @typedef {{ name: string, purpose: string | null, location: string | null,
 *   url: string | null, todo: string | null }} Entry
 * @typedef {{ rng: Rng, company: string }} Context
 */

const NAME_COLUMNS = ['Name', 'Entity Name', 'Vendor', 'Subprocessor', 'Sub-processor', 'Entity'];
const PURPOSE_COLUMNS = ['Purpose', 'Service', 'Function', 'Nature of processing', 'Description'];
const LOCATION_COLUMNS = [
  'Location',
  'Country',
  'Data Processing Location',
  'Data Hosting Location',
  'Location of processing',
];
const LINK_COLUMNS = ['GDPR', 'DPA', 'GDPR/DPA link', 'More information', 'Privacy policy'];
/**
 * Lower-cases the first letter unless the word is an acronym (`CRM`, `A/B`).
 * @param {string} text
 * @returns {string}
 */
const lowerFirst = (text) => (/^.[a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text);

const EMPTY_CELLS = ['', '', '', '-', 'N/A', 'TBD', 'TODO'];

/**
 * Renders entries as a GFM pipe table with a random but plausible set of columns.
 * @param {Context} ctx
 * @param {Entry[]} entries
 * @returns {string[]}
 */
export function renderTable({ rng }, entries) {
  const columns = ['name'];
  if (rng.chance(0.9)) columns.push('purpose');
  if (rng.chance(0.75)) columns.push('location');
  if (rng.chance(0.3)) columns.push('data');
  if (rng.chance(0.5)) columns.push('url');
  // Sometimes keep the name first but reverse the other columns (e.g. Location before Purpose).
  if (columns.length > 2 && rng.chance(0.15))
    columns.splice(1, columns.length, ...columns.slice(1).reverse());
  const titles = {
    name: rng.pick(NAME_COLUMNS),
    purpose: rng.pick(PURPOSE_COLUMNS),
    location: rng.pick(LOCATION_COLUMNS),
    url: rng.pick(LINK_COLUMNS),
    data: rng.pick(['Personal data', 'Data categories', 'Data processed']),
  };
  const outerPipes = rng.chance(0.85);
  const delimiter = rng.pick(['---', ':---', '---', ':--']);
  /** @param {string[]} cells */
  const row = (cells) => (outerPipes ? `| ${cells.join(' | ')} |` : cells.join(' | '));
  const lines = [row(columns.map((c) => titles[c])), row(columns.map(() => delimiter))];
  for (const entry of entries) {
    const cells = columns.map((column) => {
      if (column === 'name')
        return entry.todo && rng.chance(0.3) ? `${entry.name} (TODO)` : entry.name;
      if (column === 'data') return rng.pick(DATA_CATEGORIES);
      const value = entry[column];
      if (!value) return rng.pick(EMPTY_CELLS);
      if (column === 'url')
        return rng.chance(0.7) ? `[${rng.pick(['DPA', 'GDPR', 'Link'])}](${value})` : value;
      if (column === 'purpose' && rng.chance(0.05)) return `${value} \\| backups`;
      return value;
    });
    if (rng.chance(0.03)) cells.pop();
    lines.push(row(cells));
  }
  return lines;
}

/**
 * Renders entries as a bullet list, e.g. `* [Vendor, Inc.](https://vendor.example/gdpr) for email.`
 * @param {Context} ctx
 * @param {Entry[]} entries
 * @returns {string[]}
 */
export function renderBullets({ rng }, entries) {
  const marker = rng.pick(['*', '-', '*']);
  const style = rng.int(0, 2);
  return entries.map((entry) => {
    const name = entry.url ? `[${entry.name}](${entry.url})` : entry.name;
    const purpose = entry.purpose ? lowerFirst(entry.purpose) : null;
    let text;
    if (style === 0) text = purpose ? `${name} for ${purpose}.` : `${name}.`;
    else if (style === 1) text = `**${name}**${purpose ? ` — ${entry.purpose}` : ''}`;
    else text = `${name}: ${purpose ?? 'TBD'}.`;
    if (entry.location)
      text += style === 1 ? ` (${entry.location})` : ` Location: ${entry.location}.`;
    if (style !== 1 && rng.chance(0.4)) text += ` Data: ${lowerFirst(rng.pick(DATA_CATEGORIES))}.`;
    if (entry.todo && rng.chance(0.5)) text += ` ${entry.todo}`;
    return `${marker} ${text}`;
  });
}

/**
 * Renders one heading per vendor with a prose purpose, a location sentence and link lines.
 * @param {Context} ctx
 * @param {Entry[]} entries
 * @returns {string[]}
 */
export function renderHeadings({ rng, company }, entries) {
  const lines = [];
  for (const entry of entries) {
    const level = rng.chance(0.1) ? '##' : '###';
    const todoInHeading = entry.todo && rng.chance(0.2);
    lines.push(`${level} ${entry.name}${todoInHeading ? ` ${entry.todo}` : ''}`, '');
    if (entry.purpose) {
      const sentence = rng
        .pick(PURPOSE_SENTENCES)
        .replaceAll('{vendor}', entry.name)
        .replaceAll('{purpose}', lowerFirst(entry.purpose))
        .replaceAll('{company}', company)
        .replaceAll('..', '.');
      const details = rng.sample(DETAIL_SENTENCES, rng.int(0, 3));
      lines.push([sentence, ...details].join(' '), '');
      if (rng.chance(0.5)) lines.push(`Data shared: ${lowerFirst(rng.pick(DATA_CATEGORIES))}.`, '');
    }
    if (entry.location) {
      lines.push(rng.pick(LOCATION_SENTENCES).replace('{location}', entry.location), '');
    }
    if (entry.url) {
      lines.push(rng.pick(LINK_LINES).replace('{url}', entry.url));
      if (rng.chance(0.3))
        lines.push(`- [Security](${entry.url.replace(/\/[^/]*$/, '/security')})`);
      lines.push('');
    }
    if (entry.todo && !todoInHeading) lines.push(entry.todo, '');
  }
  return lines;
}
