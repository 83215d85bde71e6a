import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRulePack, type RulePack } from '../engine/rules/rule-pack.js';

/** The `policies/` folder: found upward from this module, so source and built code both reach it. */
export function policiesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'policies', 'rules');
    if (existsSync(candidate)) return join(dir, 'policies');
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(
        'rule-pack: policies/rules not found above the installed code; reinstall policy-checker',
      );
    dir = parent;
  }
}

function packageVersion(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

let cached: RulePack | undefined;

/** Reads and validates the built-in rule pack (one YAML file per rule) once per process. */
export function loadRulePack(): RulePack {
  if (cached) return cached;
  const dir = policiesDir();
  const files = readdirSync(join(dir, 'rules'))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({
      path: `policies/rules/${f}`,
      text: readFileSync(join(dir, 'rules', f), 'utf8'),
    }));
  const aliases = readFileSync(join(dir, 'vendor-aliases.yaml'), 'utf8');
  const data = (name: string): string => readFileSync(join(dir, 'data', name), 'utf8');
  cached = buildRulePack(packageVersion(dirname(dir)), files, aliases, {
    eea: data('eea.yaml'),
    adequacy: data('adequacy.yaml'),
    transferMechanisms: data('transfer-mechanisms.yaml'),
    knownProcessors: data('known-processors.yaml'),
  });
  return cached;
}
