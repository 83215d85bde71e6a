/**
 * `npm run docs:screenshot`: the README's picture of the public page. Builds a two-version
 * folder from policies/examples with `policy-check snapshot`, serves it as a static host would,
 * and photographs it in the same headless Chromium the browser tests use. Writes docs/page.png.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSnapshot } from '../../functions/cli/commands/snapshot.js';
import type { CliContext } from '../../functions/cli/io.js';
import { launchChromium, serveFolder } from './browser.js';

const EXAMPLES = fileURLToPath(new URL('../../policies/examples/', import.meta.url));
const TARGET = fileURLToPath(new URL('../../docs/page.png', import.meta.url));
const BRANDING = { companyName: 'Northwind Analytics', accentColor: '#0a7c5a' };

const work = mkdtempSync(join(tmpdir(), 'policy-check-docs-'));
const root = join(work, 'northwind-privacy');
try {
  mkdirSync(join(root, 'policies'), { recursive: true });
  for (const f of ['subprocessors.md', 'subprocessors.yml'])
    copyFileSync(join(EXAMPLES, f), join(root, 'policies', f));
  writeFileSync(
    join(root, '.policy-checker.yml'),
    `page:\n  companyName: ${BRANDING.companyName}\n  accentColor: "${BRANDING.accentColor}"\n`,
  );
  const context: CliContext = {
    argv: [],
    stdout: { write: () => true },
    stderr: process.stderr,
    cwd: root,
    env: { POLICY_CHECKER_DATA_DIR: join(work, 'data') },
    today: new Date().toISOString().slice(0, 10),
  };
  const snapshot = () =>
    runSnapshot({ paths: ['policies'], out: 'site', now: context.today }, context);
  if ((await snapshot()) !== 0) throw new Error('docs:screenshot: the first snapshot failed');
  // A second version, so "What changed" has something to show: one vendor added.
  const yml = join(root, 'policies', 'subprocessors.yml');
  writeFileSync(
    yml,
    `${readFileSync(yml, 'utf8').trimEnd()}\n\n  - name: Intercom\n    purpose: In-app chat with customers\n    location: United States\n    gdprLink: https://www.intercom.com/legal/data-processing-agreement\n    transfer: EU-US Data Privacy Framework\n`,
  );
  if ((await snapshot()) !== 0) throw new Error('docs:screenshot: the second snapshot failed');

  const server = await serveFolder(join(root, 'site'), BRANDING);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 960 } });
    await page.goto(`${server.url}index.html`);
    await page.screenshot({ path: TARGET, clip: { x: 0, y: 0, width: 1280, height: 960 } });
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`docs/page.png: ${Math.round(statSync(TARGET).size / 1024)} KB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
