/**
 * `nomad-sim shell` response time: the tutorial typed into the shell on the 3 × 3 federation with
 * the guide following (so every command also pays for the guide's look at the federation), then
 * `status`, the guide's checklist and hint, a command substitution, faults, a leadership transfer,
 * a region restarted at once, `logs` and `sleep 5m`; the wall time of each command (from the line
 * fed to its exit status). Goal: every command answers within 100 ms. Run alone: npx tsx
 * bench/shell.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startShell } from '../src/scenario/shell/index.js';

const EXTRA = [
  'status',
  'guide',
  'hint',
  'echo "$(nomad acl token self -token=$T)" > self.txt',
  'help nomad acl token create',
  'partition global europe',
  'nomad acl policy list -region=europe -token=$T',
  'heal',
  'transfer-leadership server-2.global',
  'restart asia',
  'logs server-1.europe -n 50',
  'sleep 5m',
  'status',
  'sleep 5m',
];

export async function runShellBench(): Promise<Record<string, number>> {
  const lines = [
    ...readFileSync(join(import.meta.dirname, '../examples/shell-tutorial.txt'), 'utf8')
      .trimEnd()
      .split('\n'),
    ...EXTRA,
  ];
  const started = await startShell({ echo: true, live: () => {}, guide: 'tutorial' });
  if (!started.ok) throw new Error(started.failure);
  const shell = started.shell;
  const times: Array<{ line: string; ms: number; events: number }> = [];
  let eventsBefore = 0;
  let first = '';
  let begun = 0;
  for (const line of lines) {
    if (first === '') {
      first = line;
      begun = performance.now();
      eventsBefore = shell.cluster.sim.steps;
    }
    if ((await shell.feed(line)) === null) continue;
    times.push({
      line: first,
      ms: performance.now() - begun,
      events: shell.cluster.sim.steps - eventsBefore,
    });
    first = '';
  }
  const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
  const slowest = times.reduce((a, b) => (b.ms > a.ms ? b : a));
  const sleeps = times.filter((t) => t.line === 'sleep 5m').map((t) => t.ms);
  const top = [...times].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(
    `  slowest commands: ${top.map((t) => `${t.line.split('\n')[0]} (${t.ms.toFixed(1)} ms)`).join(', ')}`,
  );
  return {
    commands: times.length,
    p50WallMs: Number((sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(1)),
    maxWallMs: Number(slowest.ms.toFixed(1)),
    sleep5mWallMs: Number(Math.max(...sleeps).toFixed(1)),
    // What idle virtual time costs: the federation's own events (Raft heartbeats, replication).
    sleep5mEvents: times.find((t) => t.line === 'sleep 5m')?.events ?? 0,
    commandsOver100Ms: times.filter((t) => t.ms > 100).length,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const numbers = await runShellBench();
  console.log('## shell  (goal: every command within 100 ms of wall time)');
  for (const [key, value] of Object.entries(numbers)) console.log(`  ${key.padEnd(32)} ${value}`);
}
