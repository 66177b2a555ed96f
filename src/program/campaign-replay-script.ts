/**
 * The replay script of a failed campaign seed: a shell script that runs the shortest chaos run
 * found for the seed (campaign-shrink.ts) with `npx nomad-sim chaos`, so `sh seed-17.sh` shows
 * the violation again and `sh seed-17.sh --trace t.jsonl` writes its trace. Comments say what
 * broke, when, and the campaign's full-length command.
 *
 * Chaos runs are not scenario scripts (their faults are drawn from the seed, not written as
 * steps), so the replay is the chaos command itself, which reproduces the run byte for byte.
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
  if (record.shrunk !== undefined && record.shrunk.replay !== record.replay) {
    lines.push(
      `# The campaign ran ${record.replay.match(/--duration (\S+)/)?.[1] ?? 'longer'} of faults; the first ${record.shrunk.duration} of the same`,
      '# faults (the seed draws them in the same order) are enough to break the same property.',
      `# The campaign's own run: ${record.replay}`,
    );
  }
  lines.push(
    '# Run it in a checkout of nomad-acl-sim (after npm ci); arguments are passed on, e.g. --trace t.jsonl.',
    `exec ${command} "$@"`,
    '',
  );
  return lines.join('\n');
}
