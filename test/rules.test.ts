import { readdir, readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { renderText } from '../functions/engine/index.js';
import { check } from './helpers.js';

// One folder per rule id: ok and not-ok fixtures, each with its expected report beside it.
const root = new URL('./rules/', import.meta.url);
const fixtures = (await readdir(root, { recursive: true })).filter((f) =>
  /\.(md|ya?ml|json)$/.test(f),
);

it.each(fixtures)('%s', async (f) => {
  const text = await readFile(new URL(f, root), 'utf8');
  const only = [f.split(/[\\/]/)[0] as string];
  const report = check([{ path: f, text }], { only, now: '2026-06-01' });
  const findings = report.files[0]?.findings ?? [];
  if (/[\\/]ok\./.test(f)) expect(findings.filter((x) => x.severity !== 'notice')).toEqual([]);
  else expect(findings.length).toBeGreaterThan(0);
  await expect(renderText(report)).toMatchFileSnapshot(`./rules/${f}.expected.txt`);
});
