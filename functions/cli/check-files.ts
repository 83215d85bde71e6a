import { resolve } from 'node:path';
import {
  createChecker,
  type CheckInput,
  type FileProblem,
  type PolicyConfig,
  type Report,
} from '../engine/index.js';
import { loadRulePack } from '../rule-pack/load-rule-pack.js';
import type { FileToCheck } from './collect-files.js';
import { gitLineAge } from './git-line-age.js';
import { readSource } from './read-source.js';
import { SHALLOW_CLONE_NOTE, withNote } from './shallow-clone-note.js';

/** What a check needs besides the files. */
export interface CheckJob {
  root: string;
  config: PolicyConfig;
  configProblems: FileProblem[];
  now: string;
  only?: string[];
  baseline?: { label: string; inputs: CheckInput[] };
  /** A pull request's own config file when the base's judges it (the Action): its problems. */
  proposedConfig?: { path: string; problems: FileProblem[] };
}

/**
 * Reads and checks the files one by one, so a file's text is freed before the next is read;
 * the same checker then runs the repository-wide rules over what it kept and builds the report.
 * (Worker threads were measured on the benchmark corpus, 2 cores: V8's garbage collector
 * already uses the second core, and two threads took longer than one.)
 */
export function checkFiles(
  files: readonly FileToCheck[],
  job: CheckJob,
  onProgress: (done: number) => void,
): Report {
  const ages = gitLineAge((path) => resolve(job.root, path), job.now);
  const checker = createChecker({
    rulePack: loadRulePack(),
    config: job.config,
    configProblems: job.configProblems,
    now: job.now,
    lineAge: ages.age,
    only: job.only,
    baseline: job.baseline,
    proposedConfig: job.proposedConfig,
  });
  const reports = files.map((file, index) => {
    const report = checker.checkFile(readSource(file.absolute, file.path, job.config.maxFileSize));
    onProgress(index + 1);
    return report;
  });
  const report = checker.finish(reports);
  return ages.historyCut() ? withNote(report, SHALLOW_CLONE_NOTE) : report;
}
