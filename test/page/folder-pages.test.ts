import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/engine/index.js';
import { renderFolderFiles, type FolderInput } from '../../functions/snapshot/folder-files.js';
import { pageStyle } from '../../functions/snapshot/page/index.js';
import type { PublishedEntry } from '../../functions/snapshot/snapshot-index.js';
import { kindOfFile, OBJECT_HEADERS } from '../../functions/snapshot/snapshot-paths.js';
import { chain, party } from './fixtures.js';
import { parseTable } from './parse-page.js';

const c = chain([
  [party('Mailgun'), party('Sentry')],
  [party('Sentry', { location: 'United States' })],
]);
const entries: PublishedEntry[] = c.history.map((h) => ({
  sequence: h.sequence,
  sha256: h.sha256,
  commit: h.commit,
  publishedAt: h.publishedAt,
  keyId: c.head.keyId,
  publicKeyPem: '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n',
  conclusion: h.conclusion,
  summary: h.summary,
}));
const folder: FolderInput = {
  repository: c.head.repository,
  entries,
  latest: 2,
  urlOf: (file) => `https://trust.example.com/snapshots/northwind/privacy/${file}`,
  now: '2026-06-01T00:00:00.000Z',
};

describe('the page among the folder files', () => {
  it('is written after the feed and before latest.json, when the head snapshot is given', () => {
    const files = renderFolderFiles({ ...folder, page: { snapshot: c.head } });
    expect(files.map((f) => f.file)).toEqual([
      'public-key.pem',
      'keys.json',
      'index.json',
      'feed.atom',
      pageStyle().file,
      '2.html',
      'index.html',
      'latest.json',
    ]);
    const index = files.find((f) => f.file === 'index.html')!.body;
    expect(parseTable(index).map((r) => [r.name, r.location])).toEqual([
      ['Sentry', 'United States'],
    ]);
    // Links stay relative: the page works wherever the folder is served.
    expect(index).not.toContain('trust.example.com');
    // Older snapshots without their JSON at hand: their summary.
    expect(index).toContain('<span class="k del">Removed</span> <bdi>Mailgun</bdi>');
    expect(index).toContain(
      '<li>location: from <del><bdi>Germany</bdi></del> to <ins><bdi>United States</bdi></ins></li>',
    );
    for (const f of files) expect(kindOfFile(f.file)).toBe(f.kind);
  });

  it('is not written without the head snapshot, and refuses a snapshot that is not the head', () => {
    expect(renderFolderFiles(folder).some((f) => f.file.endsWith('.html'))).toBe(false);
    expect(() =>
      renderFolderFiles({ ...folder, page: { snapshot: c.snapshots[0]!.snapshot } }),
    ).toThrow(/page shows snapshot 1, but the head is 2/);
  });

  it('has HTML and CSS headers: index.html briefly cached, <seq>.html and the sheet for ever', () => {
    expect(OBJECT_HEADERS.indexPage).toEqual({
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'public, max-age=300',
    });
    expect(OBJECT_HEADERS.snapshotPage.contentType).toBe('text/html; charset=utf-8');
    expect(OBJECT_HEADERS.snapshotPage.cacheControl).toMatch(/max-age=31536000, immutable/);
    expect(OBJECT_HEADERS.style.contentType).toBe('text/css; charset=utf-8');
    expect(kindOfFile('12.html')).toBe('snapshotPage');
    expect(kindOfFile('12.json.sig')).toBe('signature');
    expect(kindOfFile('notes.txt')).toBeNull();
  });
});

describe('page: in .policy-checker.yml', () => {
  it('takes a company name, an https logo and an accent colour', () => {
    const { config, problems } = parseConfig(
      '.policy-checker.yml',
      'page:\n  companyName: Northwind Analytics\n  logoUrl: https://northwind.example/logo.svg\n  accentColor: "#0A7C5A"\n',
    );
    expect(problems).toEqual([]);
    expect(config.page).toEqual({
      companyName: 'Northwind Analytics',
      logoUrl: 'https://northwind.example/logo.svg',
      accentColor: '#0a7c5a',
    });
  });

  it('defaults to no branding', () => {
    expect(parseConfig('.policy-checker.yml', 'failOn: all\n').config.page).toEqual({
      companyName: null,
      logoUrl: null,
      accentColor: null,
    });
  });

  it.each([
    ['logoUrl: http://northwind.example/logo.svg', 'page.logoUrl'],
    ['logoUrl: "javascript:alert(1)"', 'page.logoUrl'],
    ['accentColor: red', 'page.accentColor'],
    ['accentColor: "#12345"', 'page.accentColor'],
    ['theme: dark', 'unknown key "theme"'],
  ])('rejects %s with a problem on its line', (line, said) => {
    const { problems } = parseConfig('.policy-checker.yml', `page:\n  ${line}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ ruleId: 'config-invalid', span: { line: 2 } });
    expect(problems[0]!.message).toContain(said);
  });
});
