import { resolve } from 'node:path';
import {
  createChecker,
  type CheckInput,
  type FileReport,
  type PolicyConfig,
} from '../engine/index.js';
import { loadRulePack } from '../rule-pack/load-rule-pack.js';
import type { FileToCheck } from './collect-files.js';
import { gitLineAge } from './git-line-age.js';
import { readSource } from './read-source.js';

/** What a check needs besides the files: plain data, so it can cross to a worker thread. */
export interface CheckJob {
  root: string;
  config: PolicyConfig;
  now: string;
  only?: string[];
  baseline?: { label: string; inputs: CheckInput[] };
}

/** Reads and checks files one by one, so a file's text is freed before the next is read. */
export function checkFilesHere(
  files: readonly FileToCheck[],
  job: CheckJob,
  onFile: (index: number, report: FileReport) => void,
): void {
  const checker = createChecker({
    rulePack: loadRulePack(),
    config: job.config,
    now: job.now,
    lineAge: gitLineAge((path) => resolve(job.root, path), job.now),
    only: job.only,
    baseline: job.baseline,
  });
  files.forEach((file, index) => {
    onFile(index, checker.checkFile(readSource(file.absolute, file.path, job.config.maxFileSize)));
  });
}
