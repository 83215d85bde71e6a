import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./engine-process.ts', import.meta.url));

/** An embedded engine in a child process: stopped dead and started again on its port and folder. */
export interface EngineProcess {
  readonly endpoint: string;
  readonly running: boolean;
  /** SIGKILL: no goodbye to open connections, no flush beyond what the engine already wrote. */
  kill(): Promise<void>;
  start(): Promise<void>;
}

export async function startEngineProcess(
  kind: 'dynalite' | 's3rver',
  folder: string,
  bucket?: string,
): Promise<EngineProcess> {
  let port = 0;
  let child: ChildProcess | null = null;
  let endpoint = '';
  const start = async (): Promise<void> => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', SCRIPT, kind, folder, String(port), ...(bucket ? [bucket] : [])],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: child.stdout! });
    const [line] = (await Promise.race([
      once(lines, 'line'),
      once(child, 'exit').then(([code]) => {
        throw new Error(`${kind} exited with ${String(code)} before it listened`);
      }),
    ])) as [string];
    endpoint = (JSON.parse(line) as { endpoint: string }).endpoint;
    port = Number(new URL(endpoint).port);
  };
  await start();
  return {
    get endpoint() {
      return endpoint;
    },
    get running() {
      return child !== null;
    },
    async kill() {
      if (!child) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      child = null;
    },
    start,
  };
}
