/**
 * The replay script of a failed campaign seed: a shell script that runs the shortest chaos run
 * found for the seed (chaos-shrink.ts) with `npx nomad-sim chaos` (its faults given with
 * `--faults`), so `sh seed-17.sh` shows the violation again and `sh seed-17.sh --trace t.jsonl`
 * writes its trace. Comments say what broke, when, how far the run was shrunk and the campaign's
 * full-length command. The same run as a scenario file, `seed-17.ts`, is written beside it
 * (chaos-scenario-script.ts).
 */
import type { SeedRecord } from './campaign-record.js';

export function replayScript(record: SeedRecord): string {
  const violation = record.shrunk?.violation ?? record.violations[0];
  const command = record.shrunk?.replay ?? record.replay;
  const lines = ['#!/bin/sh', `# nomad-sim campaign: seed ${record.seed} on ${record.shape}`];
  if (violation !== undefined) {
    lines.push(
      `# broke "${violation.property}" at t=${violation.time} ms (virtual):`,
      `#   ${violation.detail}`,
    );
  }
  if (record.error !== undefined) lines.push(`# the run threw ${record.error}`);
  const shrunk = record.shrunk;
  if (shrunk !== undefined && shrunk.replay !== record.replay) {
    const faults =
      shrunk.faultsBefore === undefined || shrunk.schedule === undefined
        ? 'the faults the seed draws first'
        : `${shrunk.schedule.length} of its ${shrunk.faultsBefore} faults (shrunk with fast-check)`;
    lines.push(
      `# The campaign ran ${record.replay.match(/--duration (\S+)/)?.[1] ?? 'longer'} of faults and load; ${shrunk.duration} of the same load with`,
      `# ${faults} break the same property.`,
      `# The campaign's own run: ${record.replay}`,
    );
  }
  lines.push(
    '# Run it where nomad-sim runs (a checkout after npm ci, or a project that installed it);',
    '# arguments are passed on, e.g. --trace t.jsonl. The run is shrunk already: --no-shrink.',
    `exec ${command} --no-shrink "$@"`,
    '',
  );
  return lines.join('\n');
}
