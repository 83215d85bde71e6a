#!/usr/bin/env node
/**
 * Deterministic generator for the benchmark corpus: many realistic subprocessor / third-party
 * policy documents in Markdown, plus one large (~1 MiB) policy file. Output is git-ignored and
 * regenerated only when the parameters or the generator sources change (see the manifest).
 *
 * Usage: node bench/generate-corpus.mjs [--force]
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { renderDocument, renderLargeDocument } from './lib/document.mjs';
import { buildVendorPool } from './lib/pools.mjs';
import { Rng } from './lib/prng.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
/** Files whose content decides the corpus; a change to any of them forces regeneration. */
const SOURCES = [
  'generate-corpus.mjs',
  'lib/prng.mjs',
  'lib/pools.mjs',
  'lib/fields.mjs',
  'lib/prose.mjs',
  'lib/shapes.mjs',
  'lib/document.mjs',
];

/**
 * @typedef {object} CorpusOptions
 * @property {string} [corpusDir] where the many small documents go
 * @property {string} [largeFile] path of the single large document
 * @property {string} [manifestFile] where the manifest is written
 * @property {number} [files] number of documents
 * @property {number} [minEntries] fewest vendor entries per document
 * @property {number} [maxEntries] most vendor entries per document
 * @property {number} [largeBytes] minimum size of the large document
 * @property {string} [seed] PRNG seed
 * @property {boolean} [force] regenerate even when the manifest matches
 */

export const DEFAULTS = {
  corpusDir: path.join(BENCH_DIR, 'corpus'),
  largeFile: path.join(BENCH_DIR, 'large', 'subprocessors-1mb.md'),
  manifestFile: path.join(BENCH_DIR, 'large', 'manifest.json'),
  files: 2000,
  minEntries: 8,
  maxEntries: 25,
  largeBytes: 1024 * 1024,
  seed: 'policy-checker-bench-v1',
};

/**
 * @typedef {object} CorpusInfo
 * @property {string} corpusDir
 * @property {string} largeFile
 * @property {number} files number of Markdown files in the corpus
 * @property {number} bytes total size of the corpus
 * @property {number} largeBytes size of the large file
 * @property {boolean} reused true when an existing corpus was kept
 */

/**
 * Generates the corpus and the large file unless a matching one already exists.
 * @param {CorpusOptions} [options]
 * @returns {CorpusInfo}
 */
export function generateCorpus(options = {}) {
  const opts = { ...DEFAULTS, ...options };
  const params = {
    files: opts.files,
    minEntries: opts.minEntries,
    maxEntries: opts.maxEntries,
    largeBytes: opts.largeBytes,
    seed: opts.seed,
    sources: hashSources(),
  };
  const existing = opts.force ? null : readManifest(opts.manifestFile);
  if (existing && JSON.stringify(existing.params) === JSON.stringify(params)) {
    const info = { ...existing.info, corpusDir: opts.corpusDir, largeFile: opts.largeFile };
    if (isIntact(info)) return { ...info, reused: true };
  }

  const vendors = buildVendorPool(opts.seed);
  fs.rmSync(opts.corpusDir, { recursive: true, force: true });
  if (existing?.info.largeFile) fs.rmSync(existing.info.largeFile, { force: true });
  let bytes = 0;
  for (let i = 0; i < opts.files; i++) {
    const text = renderDocument(new Rng(`${opts.seed}:doc:${i}`), vendors, opts);
    const file = path.join(opts.corpusDir, documentPath(i));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  const large = renderLargeDocument(new Rng(`${opts.seed}:large`), vendors, opts.largeBytes);
  fs.mkdirSync(path.dirname(opts.largeFile), { recursive: true });
  fs.writeFileSync(opts.largeFile, large);

  const info = {
    corpusDir: opts.corpusDir,
    largeFile: opts.largeFile,
    files: opts.files,
    bytes,
    largeBytes: Buffer.byteLength(large),
  };
  fs.mkdirSync(path.dirname(opts.manifestFile), { recursive: true });
  fs.writeFileSync(opts.manifestFile, `${JSON.stringify({ params, info }, null, 2)}\n`);
  return { ...info, reused: false };
}

/**
 * File-name stems real repositories use. All of them match policy-check's default policy-file
 * globs (`*subprocessor*`, `*third-part*`, `*vendor*`, `*privacy*`, ...), so the CLI finds the
 * corpus without a config file.
 */
const STEMS = [
  'subprocessors',
  'sub-processors',
  'third-party-services',
  'vendors',
  'privacy-subprocessors',
  'subprocessor-list',
];

/**
 * Spreads documents over sub-folders of 100, like a multi-team docs tree.
 * @param {number} index
 * @returns {string}
 */
function documentPath(index) {
  const folder = `team-${String(Math.floor(index / 100)).padStart(2, '0')}`;
  const stem = STEMS[index % STEMS.length];
  return path.join(folder, `${stem}-${String(index).padStart(4, '0')}.md`);
}

/** @returns {string} hash of the generator sources, so code changes invalidate the corpus */
function hashSources() {
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(fs.readFileSync(path.join(BENCH_DIR, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * @param {string} file
 * @returns {{ params: object, info: Omit<CorpusInfo, 'reused'> } | null}
 */
function readManifest(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Checks that the files the manifest describes are still there, with the same total size.
 * @param {Omit<CorpusInfo, 'reused'>} info
 * @returns {boolean}
 */
function isIntact(info) {
  try {
    if (fs.statSync(info.largeFile).size !== info.largeBytes) return false;
    let files = 0;
    let bytes = 0;
    for (let i = 0; i < info.files; i++) {
      bytes += fs.statSync(path.join(info.corpusDir, documentPath(i))).size;
      files++;
    }
    return files === info.files && bytes === info.bytes;
  } catch {
    return false;
  }
}

/**
 * @param {number} bytes
 * @returns {string}
 */
export function formatBytes(bytes) {
  return `${(bytes / 1e6).toFixed(2)} MB (${bytes.toLocaleString('en-US')} bytes)`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const info = generateCorpus({ force: process.argv.includes('--force') });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${info.reused ? 'Reused' : 'Generated'} corpus in ${seconds}s`);
  console.log(`  ${info.files} files, ${formatBytes(info.bytes)} in ${info.corpusDir}`);
  console.log(`  large file ${formatBytes(info.largeBytes)} at ${info.largeFile}`);
}
