#!/usr/bin/env node
/**
 * Run by the check and publish functions' bundling, after esbuild:
 * `node infra/bundle-policies.mjs <project root> <bundle folder>`.
 *
 * Copies `policies/` (less `examples/`, which nothing reads at run time) and a package.json
 * carrying the package's version into the bundle folder. loadRulePack() looks for
 * `policies/rules` upward from the running module and reads the version from the package.json
 * beside `policies/`, so in Lambda both sit next to `index.mjs` under /var/task.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import process from 'node:process';

const [root, out] = process.argv.slice(2);
if (!root || !out) {
  process.stderr.write('usage: node infra/bundle-policies.mjs <project root> <bundle folder>\n');
  process.exit(2);
}
const from = join(root, 'policies');
cpSync(from, join(out, 'policies'), {
  recursive: true,
  filter: (path) => relative(from, path).split(sep)[0] !== 'examples',
});
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeFileSync(
  join(out, 'package.json'),
  `${JSON.stringify({ name, version, private: true, type: 'module' }, null, 2)}\n`,
);
