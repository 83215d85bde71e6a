#!/usr/bin/env node
// The GitHub Action's entry (action.yml runs it): the step's environment in, an exit code out.
import { runAction } from './run-action.js';

process.exitCode = await runAction({
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  today: new Date().toISOString().slice(0, 10),
});
