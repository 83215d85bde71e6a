#!/usr/bin/env node
import { main } from './main.js';

process.exitCode = await main({
  argv: process.argv.slice(2),
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  today: new Date().toISOString().slice(0, 10),
});
