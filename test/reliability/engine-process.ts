import { startDynalite, startS3rver } from '../../functions/local/embedded-engines.js';

/**
 * One embedded engine in a process of its own, so a reliability test can stop it dead
 * (SIGKILL) mid-job and start it again on the same port and folder. Prints its endpoint.
 * Usage: engine-process.ts dynalite|s3rver <folder> <port> [bucket]
 */
const [kind, folder, portText, bucket] = process.argv.slice(2);
const port = Number(portText ?? '0');
const engine =
  kind === 'dynalite'
    ? await startDynalite(folder, port)
    : await startS3rver(folder!, bucket ? [bucket] : [], port);
process.stdout.write(`${JSON.stringify({ endpoint: engine.endpoint })}\n`);
