import { readFileSync } from 'node:fs';
import { buildAliasIndex } from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { sha256Hex, canonicalBytes } from '../../functions/snapshot/canonical.js';
import { summariseChanges } from '../../functions/snapshot/change-summary.js';
import { compileSnapshot } from '../../functions/snapshot/compile-snapshot.js';
import type { PageFinding, PageHistoryEntry } from '../../functions/snapshot/page/index.js';
import type { Snapshot, SnapshotSource } from '../../functions/snapshot/snapshot.js';
import type { StoredParty } from '../../functions/store/stored-result.js';
import { sha, storedResult } from '../snapshot/support.js';

const aliasIndex = buildAliasIndex(loadRulePack().aliases);
export const KEY_ID = `sha256:${'ab'.repeat(32)}`;

/** A vendor as a check reports it, with the file it is listed in. */
export function party(name: string, fields: Partial<StoredParty> = {}): StoredParty {
  return {
    name,
    line: 10,
    endLine: 12,
    purpose: `What ${name} does`,
    location: 'Germany',
    countries: ['DE'],
    gdprLink: `https://example.com/${name.replace(/[^a-z0-9]+/gi, '-')}/dpa`,
    links: [],
    file: 'docs/subprocessors.yml',
    ...fields,
  };
}

function source(parties: StoredParty[], commit: number, failed = false): SnapshotSource {
  return {
    repo: 'northwind/privacy',
    sha: sha(commit),
    ref: 'refs/heads/main',
    conclusion: failed ? 'failure' : 'success',
    counts: { errors: failed ? 1 : 0, warnings: 0, notices: 0 },
    files: [...new Set(parties.map((p) => p.file))],
    thirdParties: parties,
    rulePackVersion: '0.1.0',
    configVersion: 'default',
    timings: {
      startedAt: '2026-06-01T12:00:00.000Z',
      completedAt: '2026-06-01T12:00:00.000Z',
      durationMs: 1,
    },
  };
}

/** A chain of snapshots, one per list, each chained to the one before; with its history. */
export function chain(lists: StoredParty[][], failed: (i: number) => boolean = () => false) {
  const snapshots: { snapshot: Snapshot; sha256: string }[] = [];
  lists.forEach((parties, i) => {
    const previous = snapshots.at(-1) ?? null;
    const day = new Date(Date.UTC(2026, 0, 1 + i * 3, 9, 30));
    const snapshot = compileSnapshot({
      source: source(parties, i + 1, failed(i)),
      previous,
      sequence: i + 1,
      keyId: KEY_ID,
      publishedAt: day.toISOString(),
      aliasIndex,
      repositoryId: 4242,
      serviceUrl: 'https://trust.example.com',
    });
    snapshots.push({ snapshot, sha256: sha256Hex(canonicalBytes(snapshot)) });
  });
  const history: PageHistoryEntry[] = snapshots.map(({ snapshot, sha256 }) => ({
    sequence: snapshot.sequence,
    sha256,
    publishedAt: snapshot.publishedAt,
    commit: snapshot.commit,
    conclusion: snapshot.check.conclusion,
    changes: snapshot.changes,
    summary: summariseChanges(snapshot.changes),
  }));
  const head = snapshots.at(-1)!;
  return { snapshots, history, head: head.snapshot, sha256: head.sha256 };
}

/** The first seed document (a real subprocessor page), checked: its list and its findings. */
export function seedList(): { parties: StoredParty[]; findings: PageFinding[]; errors: number } {
  const path = 'seeds/000_62ec3f6365ac6779.txt';
  const text = readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
  const result = storedResult([{ path, text }], sha(1));
  return {
    parties: result.thirdParties,
    errors: result.counts.errors,
    findings: result.findings.map((f) => ({
      file: f.path,
      line: f.line,
      thirdParty: f.thirdParty,
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
    })),
  };
}

const LONG = 'Supercalifragilisticexpialidocious'.repeat(12);

/** Values a policy file can hold that a page must show as text, and only as text. */
export function hostileParties(): StoredParty[] {
  return [
    party('<script>alert("name")</script>', {
      purpose: '<img src=x onerror=alert(1)> & "quotes" \'single\'',
      location: '</td></tr></table><h1>injected</h1>',
      gdprLink: 'javascript:alert(document.cookie)',
    }),
    party(`${LONG} GmbH`, {
      purpose: LONG,
      location: 'Everywhere'.repeat(20),
      gdprLink: `https://example.com/${'very-long-path/'.repeat(30)}dpa?x="><script>`,
    }),
    party('شركة البيانات', {
      purpose: 'معالجة البيانات الشخصية (hosting) للعملاء',
      location: 'ישראל',
      gdprLink: 'https://example.co.il/פרטיות',
    }),
    party('Emoji 🚀 Analytics 👩‍💻', {
      purpose: 'Tracking 📈 of 🍪 consent',
      location: '🇪🇺 EU',
      gdprLink: 'data:text/html,<script>alert(1)</script>',
    }),
    party('" onmouseover="alert(1)', {
      purpose: null,
      location: null,
      gdprLink: 'HTTPS://Example.COM/Caps"onclick="x',
      file: 'docs/<b>weird</b> "file".md',
    }),
    party('{{constructor}} ${x} <!-- comment', {
      purpose: '\u202Eevil override\u202C text',
      gdprLink: '//example.com/protocol-relative',
    }),
  ];
}

/** `count` plausible vendors: long enough names, purposes and links to weigh like real ones. */
export function manyVendors(count: number): StoredParty[] {
  return Array.from({ length: count }, (_, i) =>
    party(`Vendor ${String(i + 1).padStart(3, '0')} Technologies, Inc.`, {
      purpose: 'Hosting of the application, its databases and encrypted backups',
      location: i % 2 ? 'United States, Ireland' : 'Germany',
      gdprLink: `https://www.vendor${i + 1}.example.com/legal/data-processing-agreement/`,
      file: 'policies/subprocessors.yml',
      line: 10 + i * 6,
      endLine: 15 + i * 6,
    }),
  );
}
