import { FILE_NAMES, snapshotFile } from '../snapshot-paths.js';
import { pageCsp } from './csp.js';
import { timeTag } from './dates.js';
import { historyHtml } from './history.js';
import { judgedBy } from './judged-by.js';
import { escapeHtml, webUrl } from './html.js';
import { mergeParties, type MergedParty } from './merge-parties.js';
import { attachProblems, partyTable, rowProblems, type PartyProblems } from './party-table.js';
import type { PageInput } from './types.js';
import { defaultRepositoryUrl, verifySection } from './verify-section.js';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function status(
  input: PageInput,
  merged: readonly MergedParty[],
  problems: PartyProblems,
  ownerHtml: string,
): string {
  const { check } = input.snapshot;
  if (check.conclusion === 'success')
    return `<p class="status">Checked automatically before it was published: no errors${
      check.counts.warnings ? ` (${plural(check.counts.warnings, 'warning')})` : ''
    }.</p>`;
  if (check.conclusion !== 'failure')
    return `<p class="status">Checked automatically before it was published: ${escapeHtml(check.conclusion)}.</p>`;
  const marked = merged.filter((p) => rowProblems(p, problems).length > 0).length;
  const where = [
    ...(marked
      ? [
          `the ${plural(marked, 'entry', 'entries')} at fault ${marked === 1 ? 'is' : 'are'} marked below with the reason`,
        ]
      : []),
    ...(problems.unattached.length
      ? [
          `${plural(problems.unattached.length, 'error')} ${problems.unattached.length === 1 ? 'is' : 'are'} not about one entry`,
        ]
      : []),
  ];
  return `<p class="status failed"><strong>The automatic check of this version failed</strong> with ${plural(check.counts.errors, 'error')}. ${ownerHtml} publishes its list even then, so that you see it as it is${
    where.length ? `: ${where.join('; ')}` : ''
  }.</p>`;
}

/**
 * The public page of one snapshot: the list as a table, what changed in each version, and how
 * to verify it offline. Pure: the same input gives the same bytes. Static HTML with one style
 * sheet beside it and a Content-Security-Policy that lets nothing else load; every value from
 * a policy file is escaped, and only http(s) values become links.
 */
export function renderPage(input: PageInput): string {
  const { snapshot, branding } = input;
  const n = snapshot.sequence;
  const company = branding?.companyName?.trim() || null;
  const owner = company ?? snapshot.repository;
  const ownerHtml = escapeHtml(owner);
  const repositoryUrl =
    input.repositoryUrl === undefined
      ? defaultRepositoryUrl(snapshot.repository)
      : input.repositoryUrl && webUrl(input.repositoryUrl)
        ? input.repositoryUrl.replace(/\/+$/, '')
        : null;
  const repository = repositoryUrl
    ? `<a href="${escapeHtml(repositoryUrl)}">${escapeHtml(snapshot.repository)}</a>`
    : escapeHtml(snapshot.repository);
  const logo = webUrl(branding?.logoUrl);
  const problems = attachProblems(snapshot.thirdParties, input.findings ?? []);
  // One row per vendor: a vendor listed in several files (or twice in one) is counted once.
  const merged = mergeParties(snapshot.thirdParties, input.aliasIndex);
  const count = plural(merged.length, 'third party', 'third parties');
  const title = `Third parties of ${owner}${input.role === 'version' ? ` · version ${n}` : ''}`;
  const json = snapshotFile(n);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(pageCsp(branding))}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(title)}</title>`,
    `<meta name="description" content="${escapeHtml(`The ${count} that process personal data for ${owner}, signed and verifiable.`)}">`,
    `<link rel="stylesheet" href="${escapeHtml(input.styleFile)}">`,
    `<link rel="alternate" type="application/atom+xml" title="Changes to the list" href="${FILE_NAMES.feed}">`,
    `<link rel="alternate" type="application/json" title="Version ${n} (signed)" href="${json}">`,
    '</head>',
    '<body>',
    '<a class="skip" href="#main">Skip to the list</a>',
    '<header class="top"><div class="wrap">',
    ...(logo && logo.protocol === 'https:'
      ? [`<img src="${escapeHtml(logo.href)}" alt="" height="40">`]
      : []),
    `<h1>Third parties of ${ownerHtml}</h1>`,
    `<p class="lead">The companies (subprocessors) and services that process personal data for ${ownerHtml}: what each does with the data, where it is processed, and its GDPR or data-processing terms. This page is generated from the policy files in ${repository}, checked automatically, and signed.</p>`,
    input.role === 'index'
      ? `<p class="meta">Version ${n} · updated ${timeTag(snapshot.publishedAt)} · <a href="${FILE_NAMES.feed}">Follow changes (Atom feed)</a></p>`
      : `<p class="meta">This is version ${n} of ${timeTag(snapshot.publishedAt)}, kept unchanged for reference · <a href="${FILE_NAMES.indexPage}">The current list</a></p>`,
    '</div></header>',
    '<nav aria-label="On this page" class="wrap"><ul><li><a href="#list">The list</a></li><li><a href="#changes">What changed</a></li><li><a href="#verify">Verify this list</a></li></ul></nav>',
    '<main id="main" class="wrap">',
    `<section aria-labelledby="list"><h2 id="list">The list</h2>`,
    status(input, merged, problems, ownerHtml),
    partyTable(
      merged,
      problems,
      `${count} in version ${n}, as signed in <a href="${json}">${json}</a>`,
    ),
    '</section>',
    '<section aria-labelledby="changes"><h2 id="changes">What changed</h2>',
    `<p>Every version of the list, newest first. Follow the changes in a feed reader with the <a href="${FILE_NAMES.feed}">Atom feed</a>, or read them as data: each version's JSON, and <a href="${FILE_NAMES.index}">${FILE_NAMES.index}</a> for all of them.</p>`,
    historyHtml(input.history, n),
    '</section>',
    '<section aria-labelledby="verify"><h2 id="verify">Verify this list</h2>',
    verifySection(snapshot, input.sha256, repositoryUrl, ownerHtml),
    '</section>',
    '</main>',
    `<footer><div class="wrap"><p>Generated by policy-checker from <a href="${json}">${json}</a>. ${judgedBy(snapshot.rulePackVersion)} This page sets no cookies, runs no script and loads nothing from other sites${logo ? ' but the logo' : ''}.</p></div></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
