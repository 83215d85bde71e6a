import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAction } from '@actions/workflow-parser/actions/index';
import { NoOperationTraceWriter } from '@actions/workflow-parser';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const text = readFileSync(`${root}action.yml`, 'utf8');

/**
 * Errors of an action.yml by GitHub's own action metadata schema and parser (the one its
 * Actions language services use: @actions/workflow-parser, action-v1.0.json).
 */
function metadataErrors(content: string): string[] {
  const result = parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((e) => e.message);
}

interface ActionYml {
  inputs: Record<string, unknown>;
  outputs: Record<string, { value: string }>;
  runs: {
    using: string;
    steps: { id?: string; uses?: string; run?: string; env?: Record<string, string> }[];
  };
}
const action = parse(text) as ActionYml;

describe('action.yml', () => {
  it('is valid by the Actions metadata schema', () => {
    expect(metadataErrors(text)).toEqual([]);
  });

  it('is refused by that schema when broken, so the check above can fail', () => {
    // A composite run step without a shell is the classic mistake; the runner rejects it.
    const broken = text.replace(/( {6}shell: bash\n)(?=[\s\S]*id: check)/, '');
    expect(broken).not.toBe(text);
    expect(metadataErrors(broken).join('\n')).toMatch(/shell/);
    expect(metadataErrors(text.replace('using: composite', 'using: compost'))).not.toEqual([]);
  });

  it('pins every action it uses to a full commit sha, so a moved tag cannot change what runs', () => {
    const uses = action.runs.steps.flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses) expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  it('passes each input the entry script reads to it as INPUT_<NAME>, and declares every input it uses', () => {
    const check = action.runs.steps.find((s) => s.id === 'check');
    for (const name of ['paths', 'sarif', 'sarif-file'])
      expect(check?.env?.[`INPUT_${name.toUpperCase().replaceAll('-', '_')}`]).toBe(
        `\${{ inputs.${name} }}`,
      );
    const used = new Set([...text.matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('runs the built entry script and reads outputs from the step that sets them', () => {
    const check = action.runs.steps.find((s) => s.id === 'check');
    expect(check?.run).toContain('"$GITHUB_ACTION_PATH/dist/functions/action/bin.js"');
    for (const [name, output] of Object.entries(action.outputs))
      expect(output.value).toBe(`\${{ steps.check.outputs.${name} }}`);
  });

  it('tells users that TODO ages need the full history', () => {
    expect(text).toContain('fetch-depth: 0');
  });
});
