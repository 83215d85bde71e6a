import { readdir, readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { renderText } from '../functions/engine/index.js';
import { check } from './helpers.js';

// Each folder is a small repository checked as a whole: rules that compare documents see all of it.
const root = new URL('./repos/', import.meta.url);
const repos = (await readdir(root, { withFileTypes: true }))
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

it.each(repos)('%s', async (repo) => {
  const files = (await readdir(new URL(`${repo}/`, root)))
    .filter((f) => /\.(md|ya?ml|json)$/.test(f))
    .sort();
  const inputs = await Promise.all(
    files.map(async (f) => ({
      path: `${repo}/${f}`,
      text: await readFile(new URL(`${repo}/${f}`, root), 'utf8'),
    })),
  );
  const report = check(inputs, { only: ['cross-document-consistency', 'undeclared-service'] });
  await expect(renderText(report)).toMatchFileSnapshot(`./repos/${repo}.expected.txt`);
});
