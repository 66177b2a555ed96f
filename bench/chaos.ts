/**
 * Chaos scaling benchmark (issue 10): the default chaos run on 3 regions x 3 servers (seed 1,
 * Nomad's timings, the default fault mix, kv and ACL workloads) for 1 and for 4 virtual hours.
 * Reported: the wall time of each, their ratio (goal <= 4.5: cost linear in virtual time), the
 * events each ran and their ratio, the entries the servers applied (a restarted server replays its
 * log from its last snapshot, so this grows faster than time until logs reach Nomad's snapshot
 * threshold of 8192 entries), and the wall time spent inside the invariant checkers (measured by
 * wrapping their entry points here, in the bench only), in total and per applied entry. The
 * checkers' cost per applied entry must stay flat; the rest is the simulated federation's work.
 *
 * Run alone with `npx tsx bench/chaos.ts`; `runChaosBench()` is for the bench runner.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import { runChaos } from '../src/program/chaos.js';
import { AclReplicationChecker, RaftSafetyChecker } from '../src/check/index.js';
import { AclBootstrapChecker } from '../src/check/acl-bootstrap-checker.js';

const HOUR_MS = 3_600_000;

/** Runs a full garbage collection (V8's `gc`, exposed at run time). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** Wraps the checkers' entry points to add up the wall time spent in them; returns the reader and the undo. */
function timeCheckers(): { spentMs: () => number; applies: () => number; restore: () => void } {
  let spent = 0;
  let applies = 0;
  const undo: Array<() => void> = [];
  const wrap = (proto: object, name: string): void => {
    const target = proto as Record<string, (...args: unknown[]) => unknown>;
    const original = target[name] as (...args: unknown[]) => unknown;
    target[name] = function (this: unknown, ...args: unknown[]): unknown {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        spent += performance.now() - start;
      }
    };
    undo.push(() => {
      target[name] = original;
    });
  };
  for (const name of ['afterStep', 'onRecord', 'onDelivery'])
    wrap(RaftSafetyChecker.prototype, name);
  const proto = RaftSafetyChecker.prototype as unknown as Record<
    string,
    (record: { kind: string }) => void
  >;
  const onRecord = proto.onRecord as (record: { kind: string }) => void;
  proto.onRecord = function (this: unknown, record: { kind: string }): void {
    if (record.kind === 'raft.apply') applies++;
    onRecord.call(this, record);
  };
  undo.push(() => {
    proto.onRecord = onRecord;
  });
  wrap(AclReplicationChecker.prototype, 'onRecord');
  wrap(AclBootstrapChecker.prototype, 'onApply');
  return {
    spentMs: () => spent,
    applies: () => applies,
    restore: () => undo.reverse().forEach((f) => f()),
  };
}

async function measure(
  hours: number,
): Promise<{ wallMs: number; events: number; applies: number; checkerMs: number }> {
  collectGarbage();
  const timer = timeCheckers();
  const start = performance.now();
  const result = await runChaos({
    seed: 1,
    regions: 'global:3,europe:3,asia:3',
    durationMs: hours * HOUR_MS,
  });
  const wallMs = performance.now() - start;
  timer.restore();
  if (!result.ok)
    throw new Error(
      `chaos bench run of ${hours} h failed: ${result.violation.property}: ${result.violation.detail}`,
    );
  return {
    wallMs,
    events: result.stats.events,
    applies: timer.applies(),
    checkerMs: timer.spentMs(),
  };
}

export async function runChaosBench(): Promise<Record<string, number>> {
  const one = await measure(1);
  const four = await measure(4);
  const round = (n: number, digits = 0): number => Number(n.toFixed(digits));
  return {
    wallMs1h: round(one.wallMs),
    wallMs4h: round(four.wallMs),
    wallRatio4hTo1h: round(four.wallMs / one.wallMs, 2),
    events1h: one.events,
    events4h: four.events,
    eventsRatio: round(four.events / one.events, 2),
    appliedEntries1h: one.applies,
    appliedEntries4h: four.applies,
    appliedRatio: round(four.applies / one.applies, 2),
    checkerMs1h: round(one.checkerMs),
    checkerMs4h: round(four.checkerMs),
    checkerRatio4hTo1h: round(four.checkerMs / one.checkerMs, 2),
    checkerUsPerApplied1h: round((1000 * one.checkerMs) / one.applies, 2),
    checkerUsPerApplied4h: round((1000 * four.checkerMs) / four.applies, 2),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const numbers = await runChaosBench();
  for (const [key, value] of Object.entries(numbers)) console.log(`${key.padEnd(24)} ${value}`);
}
