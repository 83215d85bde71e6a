import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the webhook function bundle', () => {
  it('imports neither the engine nor Octokit, and fits the size budget', async () => {
    // Bundled as deployed (see bench/webhook-bundle.mjs), in memory; the metafile lists every
    // module the bundle reached through its import graph.
    const result = await build({
      entryPoints: ['functions/handlers/webhook.ts'],
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      mainFields: ['module', 'main'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('functions/webhook/handle-delivery.ts');
    const forbidden = inputs.filter((input) =>
      /(^|\/)functions\/(engine|github|cli|snapshot)\/|@octokit\/|(^|\/)node_modules\/(unified|remark-|yaml|ajv)/.test(
        input,
      ),
    );
    expect(forbidden).toEqual([]);
    const bytes = result.outputFiles[0]!.contents.length;
    expect(bytes / 1024).toBeLessThan(700);
  });
});
