import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildAliasIndex, checkSources, type Report, type Severity } from '../engine/index.js';
import { escapeData } from '../engine/report/github.js';
import { buildCheckRunOutput, reportToResult } from '../github/check-output/index.js';
import { loadRulePack } from '../rule-pack/load-rule-pack.js';
import { checkFiles } from '../cli/check-files.js';
import { collectFiles } from '../cli/collect-files.js';
import { exitCode, render } from '../cli/commands/check.js';
import { gitBaseline } from '../cli/git-baseline.js';
import { gitLineAge } from '../cli/git-line-age.js';
import { UsageError, type CliContext } from '../cli/io.js';
import { readActionEnv, type ActionEnvironment } from './action-env.js';
import { tryGit } from './git.js';
import { jobSummary } from './job-summary.js';
import { judgingConfig } from './judging-config.js';
import { comparisonCommit, pullRequestBase } from './pull-request-base.js';
import { appendSummary, writeOutputs } from './step-files.js';

/** What the Action's step takes from the outside world: the CLI's context (env, streams, today). */
export type ActionContext = Omit<CliContext, 'argv'>;

function countBy(report: Report): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  // As the check run counts: a file that could not be read is an error.
  for (const finding of reportToResult(report).findings) counts[finding.severity] += 1;
  return counts;
}

/**
 * The Action's step: checks the workspace as the GitHub App checks a commit (a pull request
 * against its base, judged with the base's config), prints the findings as workflow commands
 * (annotations), writes SARIF when asked, appends the check run's summary to the job summary
 * and sets the outputs. Resolves to the exit code: 1 when the conclusion is failure, 2 when an
 * input could not be read or the run is misconfigured, else 0.
 */
export async function runAction(context: ActionContext): Promise<number> {
  try {
    return run(readActionEnv(context.env, context.cwd), context);
  } catch (error) {
    // A workflow command, so the reason shows on the run, not only in its log.
    if (error instanceof UsageError) {
      context.stdout.write(`::error title=policy-checker::${escapeData(error.message)}\n`);
      return 2;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    context.stdout.write(
      '::error title=policy-checker::internal error; please report it with the step log\n',
    );
    context.stderr.write(`${detail}\n`);
    return 2;
  }
}

function run(action: ActionEnvironment, context: ActionContext): number {
  const root =
    tryGit(['rev-parse', '--show-toplevel'], action.workspace)?.trim() || action.workspace;
  const pr = pullRequestBase(action.eventName, action.event);
  const compareWith = pr ? comparisonCommit(root, pr) : null;
  const { config, problems, proposed } = judgingConfig(root, compareWith);
  const files = collectFiles(root, action.inputs.paths, config);
  if (files.length === 0)
    throw new UsageError(
      `no policy files found in ${action.inputs.paths.join(', ') || 'the repository'}; set the paths input, or "files" globs in .policy-checker.yml`,
    );
  const now = context.today;
  const baseline = compareWith ? gitBaseline(root, files, compareWith) : undefined;
  const head = checkFiles(
    files,
    {
      root,
      config,
      configProblems: problems,
      now,
      baseline,
      ...(proposed ? { proposedConfig: proposed } : {}),
    },
    () => {},
  );
  const rulePack = loadRulePack();
  // The base's files checked with the same config, as the App does when it has no stored result.
  const base = baseline
    ? checkSources(baseline.inputs, {
        rulePack,
        config,
        configProblems: problems,
        now,
        lineAge: gitLineAge((path) => resolve(root, path), now).age,
      })
    : null;
  const output = buildCheckRunOutput({
    head,
    base,
    mode: pr ? 'pull_request' : 'push',
    failOn: config.failOn,
    aliasIndex: buildAliasIndex(rulePack.aliases),
  });

  const cli = { ...context, argv: [] };
  context.stdout.write(render(head, 'github', cli, { version: rulePack.version, config }));
  const sarifFile = action.inputs.sarif ? resolve(root, action.inputs.sarifFile) : '';
  if (sarifFile) {
    mkdirSync(dirname(sarifFile), { recursive: true });
    writeFileSync(sarifFile, render(head, 'sarif', cli, { version: rulePack.version, config }));
  }
  if (action.stepSummary) {
    const shallow = tryGit(['rev-parse', '--is-shallow-repository'], root)?.trim() === 'true';
    const pullRequest =
      pr && compareWith ? { number: pr.number, ref: pr.ref, comparedWith: compareWith } : null;
    appendSummary(action.stepSummary, jobSummary({ output, pullRequest, shallow }));
  }
  const counts = countBy(head);
  if (action.output)
    writeOutputs(action.output, {
      conclusion: output.conclusion,
      errors: counts.error,
      warnings: counts.warning,
      notices: counts.notice,
      'sarif-file': sarifFile,
    });
  context.stderr.write(`policy-check: ${output.title}: ${output.conclusion}\n`);
  if (exitCode(head) === 2) return 2;
  return output.conclusion === 'failure' ? 1 : 0;
}
