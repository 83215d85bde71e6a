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
  // A fixture about dates may set the day it is checked on in its first line.
  const now = /^<!-- now: (\d{4}-\d{2}-\d{2}) -->/.exec(text)?.[1] ?? '2026-06-01';
  const report = check([{ path: f, text }], { only, now });
  const findings = report.files[0]?.findings ?? [];
  if (/[\\/]ok\./.test(f)) expect(findings.filter((x) => x.severity !== 'notice')).toEqual([]);
  else expect(findings.length).toBeGreaterThan(0);
  await expect(renderText(report)).toMatchFileSnapshot(`./rules/${f}.expected.txt`);
});
