#!/usr/bin/env node
/**
 * Bundles the webhook Lambda (functions/handlers/webhook.ts) as it would be deployed (esbuild,
 * node22, ESM, minified, the AWS SDK bundled in rather than taken from the runtime), then
 * prints the bundle's size and the median time to import it over fresh node processes: the
 * webhook's share of a cold start. The budget is 700 KB.
 *
 * Two settings matter, and the deployment's bundling should use them too:
 * - `mainFields: ['module', 'main']`: the SDK's ES builds tree-shake; its CommonJS builds pull
 *   in every serialiser (about 570 KB instead of about 370 KB).
 * - a `require` made with createRequire in the banner: SDK modules still `require` Node
 *   built-ins, which an ESM bundle cannot do without it ("Dynamic require ... not supported").
 *
 * Environment: BENCH_IMPORTS (default 20).
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_KB = 700;
const runs = Math.max(1, Math.floor(Number(process.env.BENCH_IMPORTS ?? 20)));

const folder = mkdtempSync(path.join(os.tmpdir(), 'policy-check-webhook-bundle-'));
try {
  const outfile = path.join(folder, 'webhook.mjs');
  const result = await build({
    entryPoints: [path.join(ROOT, 'functions/handlers/webhook.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    mainFields: ['module', 'main'],
    banner: {
      js: "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);",
    },
    outfile,
    metafile: true,
    logLevel: 'warning',
  });
  const kb = statSync(outfile).size / 1024;
  const forbidden = Object.keys(result.metafile.inputs).filter((input) =>
    /functions\/(engine|github)\/|@octokit\//.test(input),
  );

  // Each run is a fresh process, so nothing is cached between imports; the time is measured
  // inside the process, around the import alone (node's own start-up is not the bundle's).
  const probe = path.join(folder, 'probe.mjs');
  writeFileSync(
    probe,
    'const t = performance.now(); await import(process.argv[2]); ' +
      'process.stdout.write(String(performance.now() - t));\n',
  );
  const times = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [probe, pathToFileURL(outfile).href], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    times.push(Number(out.toString()));
  }
  times.sort((a, b) => a - b);
  const median =
    times.length % 2
      ? times[(times.length - 1) / 2]
      : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;

  console.log(`webhook bundle: ${kb.toFixed(1)} KB (budget ${BUDGET_KB} KB)`);
  console.log(
    `import time: median ${median.toFixed(1)} ms over ${runs} fresh node ${process.version} processes ` +
      `(min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)})`,
  );
  if (forbidden.length > 0) console.log(`forbidden inputs: ${forbidden.join(', ')}`);
  if (kb >= BUDGET_KB || forbidden.length > 0) process.exitCode = 1;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
