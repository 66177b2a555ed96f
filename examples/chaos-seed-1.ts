/**
 * chaos-seed-1: a chaos run shrunk by nomad-sim, which broke "election safety" at t=71706 ms (virtual):
 *   global/server-2 and global/server-3 both lead term 4 of region global
 * The failing run struck 67 faults over 2m; fast-check shrank it (49 runs)
 * to the 3 below over 1m, with the same seed, set-up and client load.
 * The failing run: npx nomad-sim chaos --seed 1 --regions global:3 --duration 2m --fault-mix aggressive --bug voteBeforePersist
 * This run:        npx nomad-sim chaos --seed 1 --regions global:3 --duration 1m --fault-mix aggressive --bug voteBeforePersist --faults 'figure8@49595ms region=global gaps=6192ms,20ms,6336ms,456ms,302ms,7768ms; crashAfterVote@50952ms for=1ms; figure8@60398ms region=global gaps=6744ms,69ms,6074ms,349ms,51ms,7888ms'
 *
 * npx tsx chaos-seed-1.ts (or npx nomad-sim run chaos-seed-1.ts) replays it: each fault is
 * printed as it strikes, then the chaos report, and the run fails (exit 1) with the violation.
 * Edit the faults to see what matters: atMs is virtual ms since the run began, forMs how long
 * a fault lasts; `--seed N` plays them against the client load of another seed.
 */
import { defineChaosScenario } from '../src/scenario-entry.js';

export default defineChaosScenario({
  name: 'chaos-seed-1',
  title: 'Chaos seed 1, shrunk: election safety',
  about: 'Seed 1 broke "election safety" after 67 faults over 2m; these 3 faults over 1m of client load still break it.',
  chaos: {
    seed: 1,
    regions: 'global:3',
    durationMs: 60_000,
    faultMix: 'aggressive',
    bugs: ['voteBeforePersist'],
  },
  faults: [
    { atMs: 49_595, kind: 'figure8', region: 'global', gapsMs: [6192, 20, 6336, 456, 302, 7768] },
    { atMs: 50_952, kind: 'crashAfterVote', forMs: 1 }, // struck global/server-1
    { atMs: 60_398, kind: 'figure8', region: 'global', gapsMs: [6744, 69, 6074, 349, 51, 7888] },
  ],
});
