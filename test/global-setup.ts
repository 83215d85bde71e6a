import { execFileSync } from 'node:child_process';

/** CLI tests run the built binary as a user would: build it once, fresh, before any test. */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {
    cwd: new URL('..', import.meta.url),
    stdio: 'inherit',
  });
}
