import { startSoakWorld } from './soak-world.js';
import { runFaults } from './fault-scenario.js';
const world = await startSoakWorld({ repos: 10, workers: 4, secondMs: 5, requestTimeoutMs: 1000 });
const timer = setInterval(() => {
  const ev = world.events.filter((e) => e.kind !== 'done' && e.kind !== 'published');
  console.error('events', world.events.length, 'non-done', ev.length, JSON.stringify(ev.slice(-4)));
}, 10000);
try {
  const f = await runFaults(world, {
    deliveries: 10,
    concurrency: 8,
    seed: 20261124,
    githubFaultRate: 0.05,
    outageMs: 3000,
    requestTimeoutMs: 1000,
  });
  console.error(JSON.stringify({ ...f, problems: f.problems.slice(0, 10) }, null, 1));
} finally {
  clearInterval(timer);
  await world.close();
}
