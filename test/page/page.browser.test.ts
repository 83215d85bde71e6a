import { verify } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFolderFiles } from '../../functions/snapshot/folder-files.js';
import { putObject } from '../../functions/snapshot/put-object.js';
import type { Snapshot } from '../../functions/snapshot/snapshot.js';
import { kindOfFile } from '../../functions/snapshot/snapshot-paths.js';
import { folderWith } from '../cli/run-cli.js';
import { editedYaml, EXAMPLES, runCliAsync } from '../snapshot/support.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import { artifactsDir, CHROMIUM_PATH, chromiumAvailable, launchChromium } from './browser.js';
import { buildAliasIndex } from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { expectedRows, expectRows } from './expected-rows.js';
import { chain, hostileParties } from './fixtures.js';

const aliasIndex = buildAliasIndex(loadRulePack().aliases);

const inCi = Boolean(process.env.CI) && process.env.CI !== 'false';
// Without the browser a developer's run skips, and says why; CI never skips.
const skip = !chromiumAvailable() && !inCi;
const title = skip
  ? `the public page in Chromium (SKIPPED: no browser at ${CHROMIUM_PATH}; apt-get install chromium, or set CHROMIUM_PATH)`
  : 'the public page in Chromium, served from S3';
if (skip) console.warn(`test/page: ${title}`);

// The few DOM shapes the functions run in the page use: the project compiles without the DOM library.
interface DomNode {
  textContent: string | null;
  href?: string;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  getAttribute(name: string): string | null;
}
declare const document: { documentElement: { scrollWidth: number } };
declare function getComputedStyle(node: DomNode, pseudo: string): { content: string };

const PREFIX = 'snapshots/local/northwind/';
const HOSTILE = 'snapshots/acme/hostile/';

let engines: LocalEngines;
let browser: Browser;
let root: string;
let base: string;
let signed: Snapshot;
const started = Date.now();

const out = (file: string): string => join(root, 'out', file);

async function open(url: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  const response = await page.goto(url);
  return { page, response, errors, close: () => context.close() };
}

/** The table as the browser shows it: text of each cell, href of the GDPR link. */
const readTable = (page: Page) =>
  page.$$eval('table.parties tbody tr:not(.why)', (rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')];
      // A list in a cell (several sources, values or links) reads one item per line.
      const items = (td: DomNode | undefined, pick: (n: DomNode) => string): string | null => {
        if (!td || td.textContent === 'Not stated') return null;
        const lis = Array.from(td.querySelectorAll('li'));
        return lis.length ? lis.map(pick).join('\n') : pick(td);
      };
      const text = (n: DomNode): string => n.textContent ?? '';
      const href = (n: DomNode): string => n.querySelector('a')?.href ?? n.textContent ?? '';
      const th = row.querySelector('th');
      const aka = th?.querySelector('.aka') as DomNode | null | undefined;
      const name = th?.textContent ?? '';
      return {
        name: aka ? name.slice(0, name.length - (aka.textContent ?? '').length).trim() : name,
        otherNames: aka ? Array.from(aka.querySelectorAll('bdi')).map(text) : [],
        purpose: items(cells[0], text),
        location: items(cells[1], text),
        gdprLink: items(cells[2], href),
        source: items(cells[3], text) ?? '',
      };
    }),
  );

async function axe(page: Page, label: string) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  console.log(
    `axe ${label}: ${result.passes.length} rules passed, violations: ${
      result.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(', ') || 'none'
    }`,
  );
  return bad.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
  );
}

// Under CI a missing browser is a failed test, not only a failed file.
it.skipIf(skip)(`finds Chromium at ${CHROMIUM_PATH}`, () => {
  expect(
    chromiumAvailable(),
    `no browser at ${CHROMIUM_PATH}; .ci/run installs Debian's chromium`,
  ).toBe(true);
});

describe.skipIf(skip)(title, () => {
  beforeAll(async () => {
    if (!chromiumAvailable())
      throw new Error(
        `CI needs Chromium at ${CHROMIUM_PATH} (Debian's chromium package, installed by .ci/run); the browser tests never skip under CI`,
      );
    root = folderWith({
      'docs/subprocessors.md': EXAMPLES[0]!.text,
      'docs/subprocessors.yml': EXAMPLES[1]!.text,
      '.policy-checker.yml':
        'page:\n  companyName: Northwind Analytics\n  accentColor: "#0a7c5a"\n',
    });
    const args = ['snapshot', 'docs', '--out', 'out', '--key', 'keys/signing.pem'];
    expect((await runCliAsync(args, root)).code).toBe(0);
    writeFileSync(join(root, 'docs/subprocessors.yml'), editedYaml().text);
    const second = await runCliAsync(args, root);
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain('page: out/index.html');
    signed = JSON.parse(readFileSync(out('2.json'), 'utf8')) as Snapshot;

    [engines, browser] = await Promise.all([startLocalEngines(), launchChromium()]);
    // The CLI's folder, uploaded as the publisher uploads: the real S3 API, each file's headers.
    for (const file of readdirSync(join(root, 'out'))) {
      const kind = kindOfFile(file);
      if (kind)
        await putObject(engines.s3, engines.bucket, PREFIX + file, readFileSync(out(file)), kind);
    }
    // A failing list of hostile values, rendered as the publisher renders the folder.
    const c = chain([hostileParties()], () => true);
    const files = renderFolderFiles({
      repository: c.head.repository,
      entries: c.history.map((h) => ({ ...h, keyId: c.head.keyId, publicKeyPem: 'x' })),
      latest: 1,
      urlOf: (f) => f,
      now: c.head.publishedAt,
      page: {
        snapshot: c.head,
        findings: [
          {
            file: 'docs/subprocessors.yml',
            line: 11,
            thirdParty: hostileParties()[0]!.name,
            ruleId: 'gdpr-link-required',
            severity: 'error',
            message: '<b>no GDPR link</b>',
          },
        ],
      },
    });
    for (const f of files)
      await putObject(engines.s3, engines.bucket, HOSTILE + f.file, f.body, f.kind);
    base = `${engines.s3Endpoint}/${engines.bucket}/`;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await engines?.close();
    console.log(`browser tests: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  });

  it('is served as HTML with a short cache for index.html and a long one for <seq>.html', async () => {
    const index = await open(base + PREFIX + 'index.html');
    expect(index.response?.status()).toBe(200);
    expect(index.response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(index.response?.headers()['cache-control']).toBe('public, max-age=300');
    await index.close();
    const version = await open(base + PREFIX + '2.html');
    expect(version.response?.headers()['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    await version.close();
  });

  it('shows every vendor of the signed JSON, exactly, with working links', async () => {
    const { page, errors, close } = await open(base + PREFIX + 'index.html');
    // The JSON the page claims to show, read back through S3, and its signature checked.
    const json = await page.request.get(base + PREFIX + '2.json');
    const bytes = await json.body();
    const sig = await (await page.request.get(base + PREFIX + '2.json.sig')).body();
    expect(verify('sha256', bytes, readFileSync(out('public-key.pem'), 'utf8'), sig)).toBe(true);
    const snapshot = JSON.parse(bytes.toString('utf8')) as Snapshot;
    expect(snapshot).toEqual(signed);
    // One row per vendor, merged as the engine's vendor matching merges them.
    const rows = await readTable(page);
    expectRows(
      rows.map((r) => ({ ...r, problems: [], failed: false })),
      expectedRows(snapshot, aliasIndex),
    );
    expect(rows.length).toBeLessThan(snapshot.thirdParties.length);
    expect(await page.title()).toBe('Third parties of Northwind Analytics');
    const changes = await page.locator('section:has(#changes)').innerText();
    expect(changes).toMatch(/Added\s+Intercom/);
    expect(changes).toMatch(/Removed\s+Mailgun/);
    expect(changes).toContain('location: from Germany to United States');

    const links = await page.$$eval('a[href]', (as) =>
      as.map((a) => ({ raw: a.getAttribute('href') ?? '', href: (a as DomNode).href ?? '' })),
    );
    expect(links.length).toBeGreaterThan(20);
    const gdprLinks = new Set(
      snapshot.thirdParties.map((p) => p.gdprLink && new URL(p.gdprLink).href),
    );
    for (const { raw, href } of links) {
      if (raw.startsWith('#')) {
        expect(await page.locator(raw).count(), raw).toBe(1);
      } else if (href.startsWith(base)) {
        const answer = await page.request.get(href);
        expect(answer.status(), href).toBe(200);
      } else {
        // Outside links: the vendors' terms (no network here), each one of the signed JSON.
        expect(href, raw).toMatch(/^https:\/\//);
        expect(gdprLinks.has(href), href).toBe(true);
      }
    }
    expect(errors).toEqual([]);
    await close();
  });

  it('has no serious accessibility violation, wide and light, narrow and dark; screenshots kept', async () => {
    const dir = artifactsDir();
    const views: [string, BrowserContextOptions][] = [
      ['1280-light', { viewport: { width: 1280, height: 900 }, colorScheme: 'light' }],
      [
        '360-dark',
        {
          viewport: { width: 360, height: 740 },
          colorScheme: 'dark',
          isMobile: true,
          hasTouch: true,
        },
      ],
      [
        '360-light',
        { viewport: { width: 360, height: 740 }, colorScheme: 'light', isMobile: true },
      ],
      ['1280-dark', { viewport: { width: 1280, height: 900 }, colorScheme: 'dark' }],
    ];
    for (const [label, options] of views) {
      const { page, errors, close } = await open(base + PREFIX + 'index.html', options);
      const width = options.viewport!.width;
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      await page.screenshot({ path: join(dir, `index-${label}.png`), fullPage: true });
      expect(await axe(page, label)).toEqual([]);
      expect(errors).toEqual([]);
      await close();
    }
    console.log(`screenshots: ${dir}`);
  });

  it('needs no script, and its CSP lets only its own style sheet load', async () => {
    const { page, errors, close } = await open(base + PREFIX + 'index.html', {
      javaScriptEnabled: false,
    });
    expect(await page.locator('table.parties tbody tr:not(.why)').count()).toBe(
      expectedRows(signed, aliasIndex).length,
    );
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.reload();
    expect(requested.map((u) => u.replace(base + PREFIX, ''))).toEqual([
      'index.html',
      expect.stringMatching(/^style-[0-9a-f]{12}\.css$/),
    ]);
    expect(errors).toEqual([]);
    await close();
  });

  it('prints without its navigation, with the links written out', async () => {
    const { page, close } = await open(base + PREFIX + 'index.html');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    const after = await page.$eval('td a[href]', (a) => getComputedStyle(a, '::after').content);
    expect(after).toContain('https://');
    await page.pdf({ path: join(artifactsDir(), 'index-print.pdf') });
    await close();
  });

  it('shows hostile values as text: nothing runs, the failing entry says why, still accessible', async () => {
    const { page, errors, close } = await open(base + HOSTILE + 'index.html', {
      viewport: { width: 360, height: 740 },
    });
    const rows = await readTable(page);
    expect(rows.map((r) => r.name)).toEqual(hostileParties().map((p) => p.name));
    expect(rows[0]!.gdprLink).toBe('javascript:alert(document.cookie) (not a web link)');
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('tr.failed + tr.why .problem').innerText()).toBe(
      'Failed gdpr-link-required: <b>no GDPR link</b>',
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    await page.screenshot({ path: join(artifactsDir(), 'hostile-360.png'), fullPage: true });
    expect(await axe(page, 'hostile-360')).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it('keeps the page of every version', async () => {
    const { page, close } = await open(base + PREFIX + '1.html');
    expect(await page.title()).toBe('Third parties of Northwind Analytics · version 1');
    await page.getByRole('link', { name: 'The current list' }).click();
    expect(page.url()).toBe(base + PREFIX + 'index.html');
    await page.getByRole('link', { name: 'Version 1' }).click();
    expect(page.url()).toBe(base + PREFIX + '1.html');
    await close();
  });
});
