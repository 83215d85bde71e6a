/**
 * Assembles whole synthetic policy documents (front matter, prose, vendor sections) from the
 * pools in ./pools.mjs and ./prose.mjs and the shape renderers in ./shapes.mjs.
 */
import { Buffer } from 'node:buffer';
import { LINK_PATHS, LOCATIONS } from './fields.mjs';
import { PURPOSES, slugify } from './pools.mjs';
import {
  CLOSING,
  COMPANIES,
  DEFINITION,
  EXTRA_SECTIONS,
  INTRO,
  SECTION_TITLES,
  TITLES,
  TODOS,
} from './prose.mjs';
import { renderBullets, renderHeadings, renderTable } from './shapes.mjs';

/**
 * @typedef {import('./prng.mjs').Rng} Rng
 * @typedef {import('./pools.mjs').Vendor} Vendor
 * @typedef {import('./shapes.mjs').Entry} Entry
 * @typedef {import('./shapes.mjs').Context} Context
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August'];
const SHAPES = ['table', 'table', 'table', 'bullets', 'bullets', 'headings', 'headings', 'mixed'];

/**
 * Draws vendor entries, with some fields missing, some TODOs and some duplicates.
 * @param {Rng} rng
 * @param {Vendor[]} vendors
 * @param {number} count
 * @returns {Entry[]}
 */
export function drawEntries(rng, vendors, count) {
  /** @type {Entry[]} */
  const entries = rng.sample(vendors, count).map((vendor) => ({
    name: vendor.name,
    purpose: rng.chance(0.05) ? null : rng.pick(PURPOSES[vendor.kind]),
    location: rng.chance(0.2) ? null : rng.pick(LOCATIONS),
    url: rng.chance(0.15) ? null : `https://${vendor.slug}.example${rng.pick(LINK_PATHS)}`,
    todo: rng.chance(0.06) ? rng.pick(TODOS) : null,
  }));
  if (rng.chance(0.2)) {
    for (let i = rng.int(1, 2); i > 0; i--) {
      const copy = { ...rng.pick(entries) };
      if (rng.chance(0.5)) copy.location = rng.pick(LOCATIONS);
      entries.splice(rng.int(0, entries.length), 0, copy);
    }
  }
  return entries;
}

/**
 * @param {Rng} rng
 * @param {string[]} pool
 * @param {number} count
 * @param {Record<string, string>} vars
 * @returns {string[]} paragraphs, each followed by a blank line
 */
function paragraphs(rng, pool, count, vars) {
  const wrap = rng.chance(0.4);
  return rng.sample(pool, count).flatMap((text) => {
    const filled = text.replace(/\{(\w+)\}/g, (_, key) => vars[key] ?? key);
    return [wrap ? filled.replace(/(.{60,78}?) /g, '$1\n') : filled, ''];
  });
}

/**
 * Renders the vendor part of a document in one of the shapes, split into sections.
 * @param {Context} ctx
 * @param {Entry[]} entries
 * @param {string} shape
 * @returns {string[]}
 */
function renderBody(ctx, entries, shape) {
  const { rng } = ctx;
  if (shape === 'headings') return [...renderHeadings(ctx, entries), ''];
  if (shape === 'mixed') {
    const cut = Math.ceil(entries.length * 0.6);
    const rest = entries.slice(cut);
    const other = rng.chance(0.5) ? renderBullets(ctx, rest) : renderHeadings(ctx, rest);
    return [...renderTable(ctx, entries.slice(0, cut)), '', '## Analytics', '', ...other, ''];
  }
  const render = shape === 'table' ? renderTable : renderBullets;
  const sections = rng.int(1, 3);
  const size = Math.ceil(entries.length / sections);
  const lines = [];
  for (let i = 0; i < entries.length; i += size) {
    const kind = rng.pick(Object.keys(SECTION_TITLES));
    if (sections > 1) lines.push(`## ${rng.pick(SECTION_TITLES[kind])}`, '');
    lines.push(...render(ctx, entries.slice(i, i + size)), '');
  }
  return lines;
}

/**
 * Renders one complete policy document.
 * @param {Rng} rng
 * @param {Vendor[]} vendors
 * @param {{ minEntries: number, maxEntries: number }} options
 * @returns {string}
 */
export function renderDocument(rng, vendors, { minEntries, maxEntries }) {
  const company = rng.pick(COMPANIES);
  const vars = { company, slug: slugify(company) };
  const ctx = { rng, company };
  const title = rng.pick(TITLES);
  const date = `${rng.pick(MONTHS)} ${rng.int(1, 28)}, ${rng.int(2019, 2025)}`;
  const lines = [];
  if (rng.chance(0.1)) lines.push('---', 'layout: page', `title: ${title}`, '---', '');
  lines.push(`# ${title}`, '');
  if (rng.chance(0.6)) lines.push(`Last updated: ${date}`, '');
  lines.push(...paragraphs(rng, INTRO, rng.int(1, 4), vars));
  if (rng.chance(0.15)) lines.push(rng.pick(TODOS), '');
  if (rng.chance(0.7)) {
    lines.push(
      '## What is a subprocessor?',
      '',
      ...paragraphs(rng, DEFINITION, rng.int(1, 3), vars),
    );
  }
  const extras = rng.sample(EXTRA_SECTIONS, rng.int(2, 5));
  for (const [heading, ...texts] of extras.slice(0, 2)) {
    lines.push(`## ${heading}`, '', ...paragraphs(rng, texts, texts.length, vars));
  }
  const entries = drawEntries(rng, vendors, rng.int(minEntries, maxEntries));
  lines.push(...renderBody(ctx, entries, rng.pick(SHAPES)));
  for (const [heading, ...texts] of extras.slice(2)) {
    lines.push(`## ${heading}`, '', ...paragraphs(rng, texts, texts.length, vars));
  }
  lines.push('## Changes and objections', '', ...paragraphs(rng, CLOSING, rng.int(2, 4), vars));
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/**
 * Renders one large policy (a multi-product subprocessor register) of at least `targetBytes`.
 * @param {Rng} rng
 * @param {Vendor[]} vendors
 * @param {number} targetBytes
 * @returns {string}
 */
export function renderLargeDocument(rng, vendors, targetBytes) {
  const company = rng.pick(COMPANIES);
  const vars = { company, slug: slugify(company) };
  const ctx = { rng, company };
  const parts = [`# ${company} subprocessor register\n\n`, ...paragraphs(rng, INTRO, 3, vars)];
  let bytes = Buffer.byteLength(parts.join('\n'));
  for (let product = 1; bytes < targetBytes; product++) {
    const entries = drawEntries(rng, vendors, rng.int(15, 40));
    const section = [
      `## Product line ${product}`,
      '',
      ...paragraphs(rng, DEFINITION, 1, vars),
      ...renderBody(ctx, entries, rng.pick(SHAPES)),
    ].join('\n');
    parts.push(section);
    bytes += Buffer.byteLength(section) + 1;
  }
  return `${parts
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
