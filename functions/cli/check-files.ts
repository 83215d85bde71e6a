import type { FileReport } from '../engine/index.js';
import type { FileToCheck } from './collect-files.js';
import { checkFilesHere, type CheckJob } from './check-job.js';

/**
 * Checks the files in order on this thread. Worker threads were measured on the benchmark
 * corpus (2 cores): V8's garbage collector already uses the second core, and two threads took
 * longer than one, so there are none.
 */
export function checkFiles(
  files: readonly FileToCheck[],
  job: CheckJob,
  onProgress: (done: number) => void,
): FileReport[] {
  const reports: FileReport[] = [];
  checkFilesHere(files, job, (index, report) => {
    reports.push(report);
    onProgress(index + 1);
  });
  return reports;
}
