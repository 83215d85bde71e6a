import type { Snapshot } from '../snapshot.js';
import { CHECKPOINT_FILE } from '../checkpoint.js';
import { FILE_NAMES, signatureFile, snapshotFile } from '../snapshot-paths.js';
import { POLICY_CHECK_COMMAND } from '../verify-tool.js';
import { timeTag } from './dates.js';
import { escapeHtml } from './html.js';

const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** `https://github.com/<owner>/<repo>`, or null for a `local/…` folder outside GitHub. */
export function defaultRepositoryUrl(repository: string): string | null {
  const [owner, name] = repository.split('/');
  if (!owner || !name || owner === 'local') return null;
  return `https://github.com/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

function commitHtml(commit: string | null, repositoryUrl: string | null): string {
  if (commit === null) return '<span class="none">none: published from a folder outside git</span>';
  const code = `<code>${escapeHtml(commit)}</code>`;
  return repositoryUrl && COMMIT.test(commit)
    ? `<a href="${escapeHtml(`${repositoryUrl}/commit/${commit}`)}">${code}</a>`
    : code;
}

const CONCLUSIONS: Record<string, string> = {
  success: 'passed',
  failure: 'failed',
  neutral: 'neutral',
};

const link = (file: string): string => `<a href="${file}">${file}</a>`;

/**
 * "Verify this list": the facts that identify the version, the files, and the commands.
 * `ownerHtml` is the company (or repository) name, already escaped.
 */
export function verifySection(
  snapshot: Snapshot,
  sha256: string,
  repositoryUrl: string | null,
  ownerHtml: string,
): string {
  const n = snapshot.sequence;
  const json = snapshotFile(n);
  const sig = signatureFile(n);
  const key = escapeHtml(snapshot.keyId);
  const { counts } = snapshot.check;
  const previous =
    snapshot.previousSha256 === null
      ? '<span class="none">none: this is the first version</span>'
      : `<code>${escapeHtml(snapshot.previousSha256)}</code> (${link(snapshotFile(n - 1))})`;
  return [
    `<p>This version is the signed file ${link(json)}. Anyone can check, offline and with standard tools, that it is exactly what ${ownerHtml} published, and that it follows the previous version unaltered: each version carries the SHA-256 of the one before it.</p>`,
    '<dl class="facts">',
    `<dt>Version</dt><dd>${n}, published ${timeTag(snapshot.publishedAt, true)}</dd>`,
    `<dt>SHA-256 of ${json}</dt><dd><code>${escapeHtml(sha256)}</code></dd>`,
    `<dt>Previous version</dt><dd>${previous}</dd>`,
    `<dt>Commit</dt><dd>${commitHtml(snapshot.commit, repositoryUrl)}</dd>`,
    `<dt>Signing key</dt><dd><code>${key}</code></dd>`,
    `<dt>Check</dt><dd>${CONCLUSIONS[snapshot.check.conclusion] ?? escapeHtml(snapshot.check.conclusion)}: ${counts.errors} errors, ${counts.warnings} warnings in ${snapshot.check.files} files</dd>`,
    '</dl>',
    `<p>Files: ${link(json)} (the list) · ${link(sig)} (its signature) · ${link(FILE_NAMES.publicKey)} · ${link(FILE_NAMES.keys)} (every signing key, with dates, and each key change signed by the key before) · ${link(CHECKPOINT_FILE)} (the newest version, signed) · ${link(FILE_NAMES.index)} (every version) · ${link(FILE_NAMES.feed)} (changes).</p>`,
    '<ol>',
    `<li>Download ${json}, ${sig} and ${FILE_NAMES.publicKey}. Check that the key is the one ${ownerHtml} publishes, for example in its privacy policy (not only on this page); this command must print the fingerprint <code>${key.replace(/^sha256:/, '')}</code> (after a key change, take that key from ${FILE_NAMES.keys}):<pre><code>openssl pkey -pubin -in ${FILE_NAMES.publicKey} -outform DER | openssl dgst -sha256</code></pre></li>`,
    `<li>Check the signature; openssl prints <samp>Verified OK</samp>:<pre><code>openssl dgst -sha256 -verify ${FILE_NAMES.publicKey} -signature ${sig} ${json}</code></pre></li>`,
    `<li>Check that the file is this version: <code>openssl dgst -sha256 ${json}</code> prints the SHA-256 above.</li>`,
    `<li>Check that the file names this list's repository: its <code>repository</code> is <code>${escapeHtml(snapshot.repository)}</code>${snapshot.version === 2 && snapshot.repositoryId !== null ? ` and its <code>repositoryId</code> ${snapshot.repositoryId}` : ''}. One service key may sign the lists of many repositories, so the signature alone does not say whose list it is.</li>`,
    `<li>Or let policy-checker do all of this, and check the chain and that no older version is passed off as the newest; it runs the release pinned here, from the project's own repository, never a package picked by name:<pre><code>${POLICY_CHECK_COMMAND} verify ${json} --repository ${escapeHtml(snapshot.repository)} --fingerprint ${key}</code></pre></li>`,
    '</ol>',
  ].join('\n');
}
