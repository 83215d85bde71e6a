import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findSecrets } from '../../functions/service/secret-scan.js';
import { runCrash, type CrashFigures } from './crash-scenario.js';
import { runFaults, type FaultFigures } from './fault-scenario.js';
import { runLoad, type LoadFigures } from './load-scenario.js';
import { startSoakWorld } from './soak-world.js';

/**
 * `npm run soak`: the reliability suite's long run. Three scenarios through the local server's
 * real handlers, each audited against what GitHub and the stores hold; every log line of the
 * run is scanned for the secrets it used. Prints a table; exits 1 when a promise is broken.
 * The same scenarios run small in `npm test` (test/reliability/*.test.ts).
 */
const USAGE = `Usage: npm run soak -- [--deliveries N] [--fault-deliveries N] [--crash-deliveries N]
                     [--kills N] [--kill-jitter MS] [--repos N] [--workers N] [--seed N]
                     [--json FILE]
                     [--verbose] [--log FILE]

--kill-jitter waits a seeded random 0..MS ms before each kill, so kills land at other points.
--verbose prints the service's log lines as they come; --log writes them all to FILE.

Defaults: 10000 deliveries over 50 repositories (20 % redeliveries, 5 % bad signatures),
1000 deliveries under faults, 200 deliveries with 3 SIGKILLs of the server, seed 20261123.
`;

const { values } = parseArgs({
  options: {
    deliveries: { type: 'string', default: '10000' },
    'fault-deliveries': { type: 'string', default: '1000' },
    'crash-deliveries': { type: 'string', default: '200' },
    kills: { type: 'string', default: '3' },
    'kill-jitter': { type: 'string', default: '0' },
    repos: { type: 'string', default: '50' },
    workers: { type: 'string', default: '8' },
    seed: { type: 'string', default: '20261123' },
    json: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    log: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const number = (name: keyof typeof values): number => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`soak: --${name} must be a whole number\n${USAGE}`);
    process.exit(2);
  }
  return value;
};
const seed = number('seed');
const repos = number('repos');
const workers = number('workers');

// Every line the service writes is kept for the secret scan, not printed: a soak writes
// hundreds of thousands, and the terminal is for the table.
const logs: string[] = [];
const out = process.stdout.write.bind(process.stdout);
const capture = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
  logs.push(...Buffer.from(chunk).toString('utf8').split('\n').filter(Boolean));
  if (values.verbose) return out(chunk, ...(rest as []));
  const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
  callback?.();
  return true;
};
const say = (line: string): void => void out(`${line}\n`);
process.stdout.write = capture as typeof process.stdout.write;
process.stderr.write = capture as typeof process.stderr.write;

const REQUEST_TIMEOUT_MS = 1000;
const started = Date.now();

say(`soak: load, ${values.deliveries} deliveries over ${repos} repositories…`);
const loadWorld = await startSoakWorld({
  repos,
  workers,
  secondMs: 5,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  ...(values.verbose ? { onLog: say } : {}),
});
let load: LoadFigures;
const loadSecrets = [loadWorld.secrets.webhookSecret, loadWorld.secrets.appPrivateKey];
try {
  load = await runLoad(loadWorld, {
    deliveries: number('deliveries'),
    concurrency: 16,
    redeliveryRate: 0.2,
    badSignatureRate: 0.05,
    seed,
  });
  loadWorld.github.assertNoViolations();
  loadSecrets.push(...loadWorld.github.issuedTokens());
  logs.push(...loadWorld.logs);
} finally {
  await loadWorld.close();
}

say(`soak: faults, ${values['fault-deliveries']} deliveries…`);
const faultWorld = await startSoakWorld({
  repos: Math.min(repos, 10),
  workers,
  secondMs: 5,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  ...(values.verbose ? { onLog: say } : {}),
});
let faults: FaultFigures;
const faultSecrets = [faultWorld.secrets.webhookSecret, faultWorld.secrets.appPrivateKey];
try {
  faults = await runFaults(faultWorld, {
    deliveries: number('fault-deliveries'),
    concurrency: 8,
    seed: seed + 1,
    githubFaultRate: 0.05,
    outageMs: 3000,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  faultWorld.github.assertNoViolations();
  faultSecrets.push(...faultWorld.github.issuedTokens());
  logs.push(...faultWorld.logs);
} finally {
  await faultWorld.close();
}

say(`soak: crash, ${values['crash-deliveries']} deliveries, ${values.kills} SIGKILLs…`);
const crash: CrashFigures = await runCrash({
  deliveries: number('crash-deliveries'),
  kills: number('kills'),
  killJitterMs: number('kill-jitter'),
  repos: Math.min(repos, 10),
  seed: seed + 2,
});

process.stdout.write = out;
const leaks = [
  ...findSecrets(logs.join('\n'), [...loadSecrets, ...faultSecrets]),
  ...findSecrets(crash.logs.join('\n'), crash.secrets),
];

const rows: [string, string, string, string][] = [];
const row = (what: string, l: unknown, f: unknown, c: unknown): number =>
  rows.push([what, String(l), String(f), String(c)]);
const ms = (value: number): string => `${Math.round(value)} ms`;
row('deliveries', load.deliveries, faults.deliveries, crash.deliveries);
row('valid unique', load.expected, faults.expected, crash.expected);
row('redeliveries', load.redeliveries, faults.redeliveries, '–');
row('bad signatures', load.badSignatures, faults.badSignatures, '–');
row('**lost**', load.lost, faults.lost, crash.lost);
row('**doubled**', load.doubled, faults.doubled, crash.doubled);
row('**spinning**', load.spinning, faults.spinning, crash.spinning);
row('**forked** chains', load.forked, faults.forked, crash.forked);
row('bad signatures let in', load.letIn, faults.letIn, crash.letIn);
row(
  'dead-lettered (run completed with the reason)',
  load.deadLettered,
  faults.deadLettered,
  crash.deadLettered,
);
row('snapshots published', load.snapshots, faults.snapshots, crash.snapshots);
row(
  'deliveries per second',
  load.deliveriesPerSecond.toFixed(1),
  faults.deliveriesPerSecond.toFixed(1),
  '–',
);
row(
  'webhook p50 / p99',
  `${ms(load.webhookP50Ms)} / ${ms(load.webhookP99Ms)}`,
  `${ms(faults.webhookP50Ms)} / ${ms(faults.webhookP99Ms)}`,
  '–',
);
row(
  'delivery → check done p50 / p99',
  `${ms(load.endToEndP50Ms)} / ${ms(load.endToEndP99Ms)}`,
  `${ms(faults.endToEndP50Ms)} / ${ms(faults.endToEndP99Ms)}`,
  '–',
);
row(
  'checks completed per second',
  (load.expected / load.totalSeconds).toFixed(1),
  (faults.expected / faults.totalSeconds).toFixed(1),
  '–',
);
row('wall time', `${load.totalSeconds.toFixed(0)} s`, `${faults.totalSeconds.toFixed(0)} s`, '–');
row(
  'GitHub faults injected',
  '–',
  Object.entries(faults.githubFaults)
    .map(([k, v]) => `${v}× ${k}`)
    .join(', '),
  '–',
);
row('DynamoDB / S3 killed mid-run', '–', `${faults.dynamodbOutages} / ${faults.s3Outages}`, '–');
row('webhook 5xx while DynamoDB was down (redelivered)', '–', faults.statuses[500] ?? 0, '–');
row(
  'job attempts retried / queue unreachable',
  '–',
  `${faults.retries} / ${faults.queueUnavailable}`,
  '–',
);
row(
  'server SIGKILLs / runs in progress at the kills',
  '–',
  '–',
  `${crash.kills} / ${crash.inProgressAtKill}`,
);
row('recovery after restarts', '–', '–', `${crash.recoverySeconds.toFixed(1)} s`);
row(
  'log lines scanned / secrets found',
  `${logs.length}`,
  '(same)',
  `${crash.logs.length} / ${leaks.length}`,
);

const header = ['', 'load', 'faults', 'SIGKILL'];
const table = [header, ['---', '--:', '--:', '--:'], ...rows]
  .map((cells) => `| ${cells.join(' | ')} |`)
  .join('\n');
say('');
say(table);
say('');
say(
  `seed ${seed}, ${repos} repositories, ${workers} workers, ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
);

// Each broken promise names its scenario, and for a commit the lines its scenario logged
// about it: the deliveries, the runs each attempt opened or took up, the retries.
const scenarioLogs = { load: loadWorld.logs, faults: faultWorld.logs, crash: crash.logs };
const broken = [
  ...(['load', 'faults', 'crash'] as const).flatMap((name) =>
    ({ load, faults, crash })[name].problems.map((problem) => ({ name, problem })),
  ),
  ...leaks.map((leak) => ({ name: 'logs', problem: `secret in the logs: ${leak}` })),
  ...(load.wrongAnswers + faults.wrongAnswers > 0
    ? [{ name: 'load', problem: 'a delivery got the wrong answer' }]
    : []),
];
if (values.json)
  writeFileSync(
    values.json,
    JSON.stringify(
      {
        seed,
        load,
        faults,
        crash: { ...crash, logs: crash.logs.length, secrets: undefined },
        leaks,
      },
      null,
      2,
    ),
  );
if (values.log) writeFileSync(values.log, [...logs, ...crash.logs].join('\n'));
for (const { name, problem } of broken.slice(0, 50)) {
  say(`soak: ${name}: ${problem}`);
  const sha = /@([0-9a-f]{7})/.exec(problem)?.[1];
  if (sha && name in scenarioLogs)
    for (const line of scenarioLogs[name as keyof typeof scenarioLogs].filter((l) =>
      l.includes(sha),
    ))
      say(`      ${line}`);
}
say(broken.length === 0 ? 'soak: every promise held' : `soak: ${broken.length} promise(s) broken`);
process.exit(broken.length === 0 ? 0 : 1);
