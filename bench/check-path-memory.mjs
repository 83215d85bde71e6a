/**
 * Peak memory of the check function's path for one page of a given size: the engine's report,
 * the stored result's fields and the check-run output (everything but the I/O), each size in a
 * fresh child process, as a Lambda invocation would be. It sets the hard ceiling of
 * `maxFileSize` (functions/engine/config/limits.ts): the largest page a repository may ask to
 * have read must fit the check function's 1,024 MB with room for the runtime and its clients.
 *
 *   npm run build && node bench/check-path-memory.mjs [MiB ...]   (default: 1 2 3 4 5)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = process.argv[2] === '--child';
if (child) {
  const mib = Number(process.argv[3]);
  const dense = process.argv[4] === 'dense';
  const { Rng } = await import('./lib/prng.mjs');
  const { buildVendorPool } = await import('./lib/pools.mjs');
  const { renderLargeDocument } = await import('./lib/document.mjs');
  // `dense`: the costliest page per byte an author can write, a table of bare vendor names,
  // each row an entry with every field missing (several findings each).
  const text = dense
    ? denseTable(mib * 1024 * 1024)
    : renderLargeDocument(new Rng('check-path:large'), buildVendorPool(1), mib * 1024 * 1024);
  const { checkSources, buildAliasIndex } = await import('../dist/functions/engine/index.js');
  const { loadRulePack } = await import('../dist/functions/rule-pack/load-rule-pack.js');
  const { resultFields } = await import('../dist/functions/checks/result-from-report.js');
  const { buildCheckRunOutput } = await import('../dist/functions/github/check-output/index.js');
  const rulePack = loadRulePack();
  const started = process.cpuUsage();
  const report = checkSources([{ path: 'docs/subprocessors.md', text }], {
    rulePack,
    now: '2026-12-08',
  });
  const fields = resultFields(report, 'acme/policies', 'a'.repeat(40), {
    text: null,
    rulePackVersion: rulePack.version,
  });
  const output = buildCheckRunOutput({
    mode: 'push',
    failOn: 'new',
    head: { findings: fields.findings, thirdParties: fields.thirdParties, files: fields.files },
    base: null,
    changedLines: null,
    annotationCap: 500,
    aliasIndex: buildAliasIndex(rulePack.aliases),
  });
  const cpu = process.cpuUsage(started);
  const stored = JSON.stringify(fields).length;
  process.stdout.write(
    JSON.stringify({
      mib,
      bytes: Buffer.byteLength(text),
      vendors: fields.thirdParties.length,
      findings: fields.findings.length,
      storedBytes: stored,
      summaryBytes: output.summary.length,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} else {
  const dense = process.argv.includes('--dense');
  const sizes = process.argv
    .slice(2)
    .filter((a) => a !== '--dense')
    .map(Number);
  const here = fileURLToPath(import.meta.url);
  console.log('| page | vendors | findings | CPU | peak RSS |');
  console.log('| --: | --: | --: | --: | --: |');
  for (const mib of sizes.length ? sizes : [1, 2, 3, 4, 5]) {
    const run = spawnSync(process.execPath, [here, '--child', String(mib), dense ? 'dense' : ''], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) {
      console.log(`| ${mib} MiB | failed: ${run.stderr.split('\n').slice(0, 3).join(' ')} |`);
      continue;
    }
    const r = JSON.parse(run.stdout);
    console.log(
      `| ${mib} MiB${dense ? ' dense' : ''} | ${r.vendors} | ${r.findings} | ${r.cpuMs} ms | ${r.peakRssMb} MB |`,
    );
  }
}

function denseTable(bytes) {
  const rows = ['| Name | Purpose | Location | DPA |', '| --- | --- | --- | --- |'];
  let size = 60;
  for (let i = 0; size < bytes; i++) {
    const row = `| Vendor ${i} | | | |`;
    rows.push(row);
    size += row.length + 1;
  }
  return rows.join('\n') + '\n';
}
