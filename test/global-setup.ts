import { execFileSync } from 'node:child_process';

/** CLI tests run the built binary as a user would: build it once, fresh, before any test. */
export default function setup(): void {
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {
      cwd: new URL('..', import.meta.url),
      stdio: 'inherit',
    });
  } catch (error) {
    // tsc still emits; while several modules are being written at once a developer may ask to
    // run their own tests past someone else's type errors. CI never sets this.
    if (process.env.POLICY_CHECK_LENIENT_BUILD !== '1') throw error;
  }
}
