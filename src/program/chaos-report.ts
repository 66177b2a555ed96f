/**
 * What `nomad-sim chaos` prints after a run: on success a short summary of what was thrown at the
 * federation and what held; on a violation the broken property, when it broke, the last trace
 * records before it about the regions it concerns, the seed and the command that replays the run. The program prints it to stdout (success) or stderr (violation)
 * and exits with `chaosExitCode(result)`: 0 when every check passed, 1 on a violation.
 */
import type { ChaosResult } from './chaos.js';

export function formatChaosReport(result: ChaosResult): string {
  const s = result.stats;
  const faults = Object.entries(s.faults)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const summary = [
    `virtual time   ${(s.virtualMs / 1000).toFixed(1)} s (${s.events} events, ${s.messagesDelivered} messages delivered, ${s.messagesLost} lost)`,
    `faults         ${faults === '' ? 'none' : faults}`,
    `kv writes      ${s.writes.acked} acknowledged, ${s.writes.failed} failed`,
    ...(s.aclWrites.sent > 0
      ? [
          `ACL writes     ${s.aclWrites.acked} acknowledged, ${s.aclWrites.failed} failed; ${s.replicatedCopiesChecked} replicated copies checked`,
        ]
      : []),
    ...Object.entries(s.workloads).map(
      ([name, w]) => `${name.padEnd(15)}${w.acked} answered 200, ${w.failed} not`,
    ),
    ...(s.bootstraps > 1
      ? [`bootstraps     ${s.bootstraps} (the first and ${s.bootstraps - 1} resets)`]
      : []),
    `leaders        ${s.leaders} (one per region and term)`,
  ];
  if (result.ok) return [`chaos: every invariant held`, ...summary.map((l) => `  ${l}`)].join('\n');
  return [
    `chaos: VIOLATION of ${result.violation.property} at t=${result.violation.time} ms`,
    `  ${result.violation.detail}`,
    ...summary.map((l) => `  ${l}`),
    `the last ${result.context.records.length} trace records about ${result.context.regions.join(', ')} before the violation (server starts and stops, roles, commits, faults, client answers, replication, warnings; --trace FILE has everything):`,
    ...result.context.records.map((line) => `  ${line}`),
    `seed: ${result.seed}`,
    `replay: ${result.replay}`,
  ].join('\n');
}

export function chaosExitCode(result: ChaosResult): 0 | 1 {
  return result.ok ? 0 : 1;
}
