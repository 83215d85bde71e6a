import { createHash } from 'node:crypto';
import type { PageBranding } from './types.js';

/**
 * The page's one style sheet: system fonts only (no web font is fetched), light and dark
 * (`prefers-color-scheme`), a card layout under 40em so the table reads on a 360 px phone,
 * and a print style. Colours meet WCAG AA contrast in both schemes; the branding's accent
 * colour only draws rules, never text, so no accent can make the page unreadable.
 */
const BASE = `:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--link:#0550ae;--bad:#a40e26;--badbg:#fff0ee;--add:#116329;--del:#a40e26;--accent:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9aa4af;--line:#3d444d;--soft:#161b22;--link:#79c0ff;--bad:#ffa198;--badbg:#2d1517;--add:#7ee787;--del:#ffa198;--accent:#4493f8}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
a{color:var(--link);text-underline-offset:.15em}
a:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;left:-100vw}
.skip:focus{left:1rem;top:.5rem;background:var(--bg);padding:.25rem .5rem}
.top{border-top:.4rem solid var(--accent);border-bottom:1px solid var(--line);padding:1.25rem 0 1rem}
.top img{display:block;max-height:2.5rem;width:auto;margin-bottom:.75rem}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .5rem;overflow-wrap:anywhere}
h2{font-size:1.3rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid var(--accent)}
h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
.lead{max-width:46rem;margin:.25rem 0}
.meta,.quiet,caption,.src{color:var(--muted)}
.meta{margin:.5rem 0 0}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:0;padding:.75rem 0}
.status{border-inline-start:.3rem solid var(--add);background:var(--soft);padding:.5rem .75rem;margin:0 0 1rem}
.status.failed{border-color:var(--bad);background:var(--badbg)}
table{border-collapse:collapse;width:100%;table-layout:fixed}
caption{text-align:start;padding:0 0 .5rem}
th,td{text-align:start;vertical-align:top;padding:.5rem .6rem;border-bottom:1px solid var(--line);overflow-wrap:anywhere;unicode-bidi:plaintext}
thead th{border-bottom:2px solid var(--line);unicode-bidi:normal}
thead th:nth-child(1){width:17%}thead th:nth-child(2){width:26%}thead th:nth-child(3){width:13%}thead th:nth-child(4){width:22%}
tbody td:nth-child(5){font-size:.875rem}
tbody th{font-weight:600}
tr.failed,tr.why{background:var(--badbg)}
tr.failed>*{border-bottom:0}
tr.why td{padding-top:0}
.problem{margin:0;padding:0;list-style:none;font-size:.875rem;color:var(--bad)}
.none{color:var(--muted);font-style:italic}
.badlink{font-family:ui-monospace,monospace;font-size:.875em}
.values{margin:0;padding:0;list-style:none}.values li+li{margin-top:.25rem}
.from,.aka{display:block;color:var(--muted);font-size:.8125rem;font-weight:normal}.from{display:inline}
.disagree{display:block;color:var(--bad);font-size:.875rem}
.k{display:inline-block;min-width:4.5rem;font-weight:600}
.k.add{color:var(--add)}.k.del{color:var(--del)}
ul.changes{margin:.25rem 0;padding-inline-start:1.25rem}
ul.changes ul{padding-inline-start:1rem}
del{color:var(--del)}ins{color:var(--add);text-decoration:none}
bdi,del,ins{overflow-wrap:anywhere}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875rem;overflow-wrap:anywhere}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.6rem .75rem;white-space:pre-wrap;overflow-wrap:anywhere}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem}
dl.facts dt{font-weight:600}dl.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
footer{border-top:1px solid var(--line);margin-top:2.5rem;padding:1rem 0 2rem;color:var(--muted);font-size:.875rem}
@media (max-width:40em){
h1{font-size:1.35rem}
dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}
.parties thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.parties,.parties caption,.parties tbody,.parties tr,.parties th,.parties td{display:block}
.parties tr{border:1px solid var(--line);border-radius:6px;margin:0 0 .75rem;padding:.25rem 0}
.parties th,.parties td{border:0;padding:.2rem .75rem}
.parties td::before{display:block;font-size:.8rem;font-weight:600;color:var(--muted)}
.parties tr.failed{border-bottom:0;border-radius:6px 6px 0 0;margin:0}
.parties tr.why{border-top:0;border-radius:0 0 6px 6px;padding-top:0}
.parties tr.why td::before{content:none}
.parties td:nth-of-type(1)::before{content:"Purpose"}
.parties td:nth-of-type(2)::before{content:"Location"}
.parties td:nth-of-type(3)::before{content:"GDPR / DPA terms"}
.parties td:nth-of-type(4)::before{content:"Source"}
}
@media print{
:root{--bg:#fff;--fg:#000;--muted:#333;--link:#000;--soft:#fff;--badbg:#fff}
body{font-size:10pt}
nav,.skip{display:none}
.top{border-top-width:2px}
td a[href]::after{content:" <" attr(href) ">";font-size:.85em;overflow-wrap:anywhere}
tr,pre,.entry{break-inside:avoid}
h2,h3{break-after:avoid}
}
`;

const ACCENT = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** The accent colour when it is one (`#rgb`/`#rrggbb`); anything else is ignored. */
export function accentColor(branding: PageBranding | null | undefined): string | null {
  const colour = branding?.accentColor?.trim() ?? '';
  return ACCENT.test(colour) ? colour.toLowerCase() : null;
}

/**
 * The style sheet and its file name, `style-<12 hex of its SHA-256>.css`: a page names the exact
 * sheet it was rendered with, so `<seq>.html` and its sheet can both be cached for ever.
 */
export function pageStyle(branding?: PageBranding | null): { file: string; body: string } {
  const accent = accentColor(branding);
  const body = accent ? `${BASE}:root{--accent:${accent}}\n` : BASE;
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { file: `style-${hash}.css`, body };
}
