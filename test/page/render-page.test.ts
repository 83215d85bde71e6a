import { describe, expect, it } from 'vitest';
import {
  pageCsp,
  pageStyle,
  renderPage,
  renderPageFiles,
  type PageInput,
} from '../../functions/snapshot/page/index.js';
import { POLICY_CHECK_COMMAND } from '../../functions/snapshot/verify-tool.js';
import { chain, hostileParties, manyVendors, party, seedList } from './fixtures.js';
import { expectedRows, expectRows } from './expected-rows.js';
import { parseTable, tags } from './parse-page.js';

function page(
  c: ReturnType<typeof chain>,
  extra: Partial<PageInput> = {},
): { html: string; input: PageInput } {
  const input: PageInput = {
    snapshot: c.head,
    sha256: c.sha256,
    history: c.history,
    role: 'index',
    styleFile: pageStyle().file,
    ...extra,
  };
  return { html: renderPage(input), input };
}

const ALLOWED_TAGS = new Set(
  'html head meta title link body a header div h1 h2 h3 p nav ul li main section table caption thead tbody tr th td span strong time img ol pre code samp dl dt dd del ins bdi footer wbr'.split(
    ' ',
  ),
);

/** Only known elements, and every link http(s), a file beside the page, or an anchor. */
function expectSafeMarkup(html: string): void {
  for (const [name, attrs] of tags(html)) {
    expect(ALLOWED_TAGS, `<${name}>`).toContain(name);
    expect(Object.keys(attrs).filter((a) => a.startsWith('on'))).toEqual([]);
    if (attrs.href !== undefined)
      expect(attrs.href).toMatch(
        /^(https?:\/\/[^\s"<>]+|#[a-z]+|[0-9]+\.(json|json\.sig|html)|index\.(json|html)|keys\.json|checkpoint\.json|public-key\.pem|feed\.atom|style-[0-9a-f]{12}\.css)$/,
      );
    if (attrs.src !== undefined) expect(attrs.src).toMatch(/^https:\/\//);
  }
  expect(html).not.toMatch(/<script|<iframe|<object|<form|javascript:(?!alert\(document)/i);
}

describe('the public page', () => {
  it('shows the seed-derived list, marking each failing entry with the reason', () => {
    const seed = seedList();
    const c = chain([seed.parties], () => true);
    const { html } = page(c, { findings: seed.findings });
    const rows = parseTable(html);
    expectRows(rows, expectedRows(c.head));
    expect(rows.length).toBeGreaterThan(10);
    // Gravatar, Cloudflare and Heroku are each listed twice on the page: one row each.
    expect(rows.length).toBeLessThan(c.head.thirdParties.length);
    const github = rows.find((r) => r.name === 'Github pages')!;
    expect(github.failed).toBe(true);
    expect(github.problems).toContain(
      'Failed location-required: Github pages has no location; add where its data is hosted or processed',
    );
    // Every error about a vendor is on that vendor's row; warnings and notices mark nothing.
    for (const f of seed.findings.filter((x) => x.severity === 'error' && x.thirdParty))
      expect(
        rows.some(
          (r) => r.name === f.thirdParty && r.problems.includes(`Failed ${f.ruleId}: ${f.message}`),
        ),
        `${f.thirdParty}: ${f.message}`,
      ).toBe(true);
    expect(rows.flatMap((r) => r.problems).length).toBeLessThanOrEqual(seed.errors);
    expect(html).toContain(
      '<p class="status failed"><strong>The automatic check of this version failed</strong>',
    );
    expect(html).not.toContain('class="failed">Failed stale-todo'); // notices are not marks
    expectSafeMarkup(html);
  });

  it('says so when the list is empty, and still says how to verify it', () => {
    const c = chain([[]]);
    const { html } = page(c);
    expect(parseTable(html)).toEqual([]);
    expect(html).toContain('This version of the list names no third parties.');
    expect(html).not.toContain('<table');
    expect(html).toContain(
      'openssl dgst -sha256 -verify public-key.pem -signature 1.json.sig 1.json',
    );
    expect(html).toContain(`<code>${c.sha256}</code>`);
    expectSafeMarkup(html);
  });

  it('shows hostile values as text: markup, javascript: links, long, right-to-left and emoji', () => {
    const c = chain([hostileParties()]);
    const { html } = page(c);
    expectRows(parseTable(html), expectedRows(c.head));
    expect(html).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(html).toContain(
      '<span class="badlink">javascript:alert(document.cookie)</span> <span class="none">(not a web link)</span>',
    );
    expect(html).toContain('<span class="badlink">data:text/html,&lt;script&gt;');
    expect(html).toContain('<span class="badlink">//example.com/protocol-relative</span>');
    expect(html).toContain('href="https://example.com/Caps%22onclick=%22x"');
    expect(html).toContain('شركة البيانات');
    expect(html).toContain('Emoji 🚀 Analytics 👩‍💻');
    // Right-to-left and override characters cannot reorder the text around them.
    expect(html).toContain('<bdi>شركة البيانات</bdi>');
    expectSafeMarkup(html);
  });

  it('replaces control characters, which HTML cannot carry', () => {
    const c = chain([[party('Bell\u0007 \u009B Co')]]);
    expect(page(c).html).toContain('<th scope="row">Bell\uFFFD \uFFFD Co</th>');
  });

  it('lists 50 versions newest first, each change field by field, with dates', () => {
    const lists = Array.from({ length: 50 }, (_, i) => {
      const vendors = manyVendors(12).slice(0, 8 + (Math.floor(i / 2) % 4));
      if (i % 5 === 1) vendors[0] = { ...vendors[0]!, location: `Region ${i}` };
      return vendors;
    });
    const c = chain(lists);
    const { html } = page(c);
    const versions = [...html.matchAll(/<a href="(\d+)\.html">Version \1<\/a>/g)].map((m) =>
      Number(m[1]),
    );
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => 50 - i));
    expect(html).toContain(
      '<li>location: from <del><bdi>Region 46</bdi></del> to <ins><bdi>Germany</bdi></ins></li>',
    );
    expect(html).toMatch(
      /<span class="k add">Added<\/span> <bdi>Vendor 009 Technologies, Inc\.<\/bdi>/,
    );
    expect(html).toMatch(
      /<span class="k del">Removed<\/span> <bdi>Vendor 011 Technologies, Inc\.<\/bdi>/,
    );
    expect(html).toContain('<time datetime="2026-01-01T09:30:00.000Z">1 January 2026</time>');
    expect(html).toContain(
      'The first published list, with 8 third parties: <bdi>Vendor 001 Technologies, Inc.</bdi>, ',
    );
    expect(html).toMatch(
      /Version 4<\/a> · <time[^>]*>10 January 2026<\/time>: no change to the list/,
    );
    expectSafeMarkup(html);
  });

  it('falls back to the summaries kept beside the claims when older snapshots are not at hand', () => {
    const c = chain([[party('Mailgun')], [party('Mailgun', { location: 'United States' })]]);
    const history = c.history.map((h) => (h.sequence === 1 ? h : { ...h, changes: null }));
    const { html } = page(c, { history });
    expect(html).toContain(
      '<span class="k">Changed</span> <bdi>Mailgun</bdi>: location &quot;Germany&quot; → &quot;United States&quot;',
    );
  });

  it('links the commit to the repository, and the files beside it for verification', () => {
    const c = chain([[party('Mailgun')], [party('Stripe')]]);
    const { html } = page(c);
    expect(html).toContain(
      `<a href="https://github.com/northwind/privacy/commit/${c.head.commit}">`,
    );
    expect(html).toContain(`<code>${c.snapshots[0]!.sha256}</code> (<a href="1.json">1.json</a>)`);
    // The pinned release from the project's own repository, never a package picked by name.
    expect(html).toContain(
      `${POLICY_CHECK_COMMAND} verify 2.json --repository northwind/privacy --fingerprint sha256:`,
    );
    expect(html).not.toMatch(/npx (?:-p|--package[ =])\s*policy-check/);
    // openssl first: the reader needs nothing from us to check the signature.
    expect(html.indexOf('openssl dgst -sha256 -verify')).toBeLessThan(
      html.indexOf(POLICY_CHECK_COMMAND),
    );
    for (const file of [
      'checkpoint.json',
      '2.json',
      '2.json.sig',
      'public-key.pem',
      'keys.json',
      'feed.atom',
      'index.json',
    ])
      expect(html).toContain(`<a href="${file}">${file}</a>`);
    const local = page(c, { repositoryUrl: null }).html;
    // No link to GitHub for a folder outside it (the pinned verify command is text, not a link).
    expect(local).not.toContain('href="https://github.com');
  });

  it('carries a strict CSP, loads nothing but its style sheet, and is the same bytes every time', () => {
    const c = chain([[party('Mailgun')]]);
    const { html, input } = page(c);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;self&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;">`,
    );
    const loads = tags(html).filter(
      ([name, a]) => (name === 'link' && a.rel === 'stylesheet') || name === 'img',
    );
    expect(loads).toEqual([['link', { rel: 'stylesheet', href: pageStyle().file }]]);
    expect(renderPage(input)).toBe(html);
    expect(pageCsp(null, true)).toBe(
      "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('takes branding: company name, an https logo (allowed by the CSP) and an accent colour', () => {
    const c = chain([[party('Mailgun')]]);
    const branding = {
      companyName: 'Northwind <Analytics>',
      logoUrl: 'https://cdn.northwind.example/logo.svg',
      accentColor: '#C0FFEE',
    };
    const { html } = page(c, { branding, styleFile: pageStyle(branding).file });
    expect(html).toContain('<title>Third parties of Northwind &lt;Analytics&gt;</title>');
    expect(html).toContain('<img src="https://cdn.northwind.example/logo.svg" alt="" height="40">');
    expect(html).toContain('img-src https://cdn.northwind.example;');
    expect(pageStyle(branding).body).toMatch(/:root\{--accent:#c0ffee\}\n$/);
    expect(pageStyle(branding).file).not.toBe(pageStyle().file);
    const hostile = page(c, {
      branding: { logoUrl: 'javascript:alert(1)', accentColor: 'red;}body{display:none' },
    }).html;
    expect(hostile).not.toContain('<img');
    expect(hostile).not.toContain('img-src');
    expect(pageStyle({ accentColor: 'red;}body{display:none' }).body).not.toContain('red;');
    expect(
      page(c, { branding: { logoUrl: 'http://insecure.example/logo.png' } }).html,
    ).not.toContain('<img');
  });

  it('weighs under 50 KB for 100 vendors, style sheet included', () => {
    const c = chain([manyVendors(100)]);
    const files = renderPageFiles({
      snapshot: c.head,
      sha256: c.sha256,
      history: c.history,
      current: true,
    });
    const index = files.find((f) => f.file === 'index.html')!;
    const style = files.find((f) => f.kind === 'style')!;
    const bytes = Buffer.byteLength(index.body) + Buffer.byteLength(style.body);
    console.log(
      `page weight, 100 vendors: index.html ${Buffer.byteLength(index.body)} B + ${style.file} ${Buffer.byteLength(style.body)} B = ${bytes} B`,
    );
    expect(bytes).toBeLessThan(50_000);
    expect(parseTable(index.body)).toHaveLength(100);
  });

  it('writes the style sheet, <seq>.html (kept for reference) and index.html, in that order', () => {
    const c = chain([[party('Mailgun')], [party('Stripe')]]);
    const files = renderPageFiles({
      snapshot: c.head,
      sha256: c.sha256,
      history: c.history,
      current: true,
    });
    expect(files.map((f) => [f.kind, f.file])).toEqual([
      ['style', pageStyle().file],
      ['snapshotPage', '2.html'],
      ['indexPage', 'index.html'],
    ]);
    expect(files[1]!.body).toContain('This is version 2 of');
    expect(files[1]!.body).toContain('<a href="index.html">The current list</a>');
    expect(files[1]!.body).toContain(
      '<title>Third parties of northwind/privacy · version 2</title>',
    );
    expect(files[2]!.body).toContain('<a href="feed.atom">Follow changes (Atom feed)</a>');
    const older = renderPageFiles({
      snapshot: c.snapshots[0]!.snapshot,
      sha256: c.snapshots[0]!.sha256,
      history: c.history,
      current: false,
    });
    expect(older.map((f) => f.file)).toEqual([pageStyle().file, '1.html']);
    // A version's page shows the history up to it, not what came later.
    expect(older[1]!.body).not.toContain('Version 2');
  });
});

describe('the footer names what judged the list', () => {
  const footer = (rulePackVersion: string) => {
    const c = chain([[party('Hetzner')]]);
    const { html } = page(c, { snapshot: { ...c.head, rulePackVersion } });
    return /<footer>[\s\S]*<\/footer>/.exec(html)?.[0] ?? '';
  };

  it('gives the legal data version and its review date from the signed rulePackVersion', () => {
    expect(footer('0.2.0+legal.2026-12-08.3fa1c2d9')).toContain(
      "Checked with rule pack 0.2.0 and legal data 2026-12-08.3fa1c2d9, last reviewed against the Official Journal and the regulators' pages on 2026-12-08.",
    );
  });

  it('says only the rule pack for a snapshot made before legal data had a version', () => {
    expect(footer('0.1.0')).toContain('Checked with rule pack 0.1.0.');
  });

  it('escapes a hostile version string instead of rendering it', () => {
    const html = footer('<img src=x onerror=alert(1)>+legal.2026-12-08.abc');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
  });
});
