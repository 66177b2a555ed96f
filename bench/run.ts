/**
 * `npm run bench`: runs every benchmark in one process and prints the numbers and their ratios.
 * `--json FILE` also writes them as JSON. `--only NAME[,NAME]` runs a subset.
 * Benchmarks measure; they never assert (targets are stated beside the numbers).
 */
import { writeFileSync } from 'node:fs';
import { runKernelBench } from './kernel.js';
import { runAclBench } from './acl.js';
import { runRaftBench } from './raft.js';
import { runFederationBench } from './federation.js';
import { runShellBench } from './shell.js';
import { runCampaignBench } from './campaign.js';
import { runTimelinePageBench } from './timeline-page.js';
import { runChaosBench } from './chaos.js';

type Bench = { name: string; goal: string; run: () => Promise<Record<string, number>> };

const BENCHES: Bench[] = [
  { name: 'kernel', goal: 'kernelToFloorRatio >= 0.6', run: runKernelBench },
  { name: 'acl', goal: 'linear parse time; report MB/s and checks/s', run: runAclBench },
  {
    name: 'raft',
    goal: 'time compression >= 2000x idle, >= 800x at 10 writes/s (5 servers, default timings)',
    run: runRaftBench,
  },
  {
    name: 'federation',
    goal: 'B1 >= 1000x idle, >= 500x at 10 ACL writes/s; catch-up 20k/10k <= 2.3',
    run: runFederationBench,
  },
  {
    name: 'shell',
    goal: 'every nomad-sim shell command on the 3x3 federation within 100 ms of wall time',
    run: runShellBench,
  },
  {
    name: 'campaign',
    goal: '2 workers >= 1.8x the seeds/s of 1 worker; pool overhead per seed < 5%',
    run: () => runCampaignBench(),
  },
  {
    name: 'timeline',
    goal: 'one-hour 3x3 chaos page opens in < 3 s and pans at 60 fps in Chromium',
    run: () => runTimelinePageBench(),
  },
  {
    name: 'chaos',
    goal: 'default chaos on 3x3: 4 h / 1 h wall ratio <= 4.5; checkers linear',
    run: runChaosBench,
  },
];

function parseArgs(argv: string[]): { json: string | null; only: string[] | null } {
  let json: string | null = null;
  let only: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = argv[++i] ?? null;
    else if (arg === '--only') only = (argv[++i] ?? '').split(',');
    else {
      console.error(
        `usage: npm run bench -- [--json FILE] [--only ${BENCHES.map((b) => b.name).join(',')}]`,
      );
      process.exit(2);
    }
  }
  return { json, only };
}

const args = parseArgs(process.argv.slice(2));
const results: Record<string, Record<string, number>> = {};
for (const bench of BENCHES) {
  if (args.only !== null && !args.only.includes(bench.name)) continue;
  const numbers = await bench.run();
  results[bench.name] = numbers;
  console.log(`\n## ${bench.name}  (goal: ${bench.goal})`);
  for (const [key, value] of Object.entries(numbers)) console.log(`  ${key.padEnd(36)} ${value}`);
}
if (args.json !== null) {
  writeFileSync(args.json, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${args.json}`);
}
