import { expect, it } from 'vitest';
import { renderJson } from '../../functions/engine/report/index.js';
import { report } from './fixture.js';

it('renders the report as pretty JSON in the DESIGN.md shape', async () => {
  await expect(renderJson(report)).toMatchFileSnapshot('./expected/report.json');
});

it('is the Report object as is, indented by 2, with a trailing newline', () => {
  const json = renderJson(report);
  expect(JSON.parse(json)).toEqual(report);
  expect(json.split('\n')[1]).toBe('  "version": 1,');
  expect(json.endsWith('}\n')).toBe(true);
});
