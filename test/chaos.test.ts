/**
 * The chaos runner on one region: a run under faults passes the checker, the same seed gives the
 * same trace byte for byte (and a different seed another), the trace sink sees every line, a
 * seeded Raft bug is found and reported with the seed and the replay command, and bad options are
 * refused with a clear error.
 */
import { describe, expect, it } from 'vitest';
import { ChaosOptionError, runChaos } from '../src/program/chaos.js';
import { checkTrace } from '../src/check/index.js';

describe('runChaos on one region', () => {
  it('passes a minute of faults and writes on 5 servers', async () => {
    const result = await runChaos({ seed: 11, regions: 'global:5', durationMs: 60_000, faultGapMs: { min: 1_000, max: 4_000 } });
    expect(result).toMatchObject({ ok: true });
    expect(result.stats.writes.acked).toBeGreaterThan(50);
    expect(Object.values(result.stats.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    expect(result.stats.virtualMs).toBeGreaterThan(60_000);
  });

  it('gives the same trace for the same seed, byte for byte, and another for another seed', async () => {
    const run = (seed: number) => runChaos({ seed, regions: 'global:3', durationMs: 30_000, keepTrace: true });
    const [a, b, c] = [await run(5), await run(5), await run(6)];
    expect(a.trace).toBeDefined();
    expect(a.trace?.length).toBeGreaterThan(10_000);
    expect(b.trace === a.trace).toBe(true);
    expect(c.trace === a.trace).toBe(false);
    expect(checkTrace(a.trace ?? '')).toEqual([]);
  });

  it('hands every trace line to the sink', async () => {
    const lines: string[] = [];
    const result = await runChaos({ seed: 5, regions: 'global:3', durationMs: 30_000, keepTrace: true, traceSink: (line) => lines.push(line) });
    expect(`${lines.join('\n')}\n`).toBe(result.trace);
  });

  it('finds a seeded bug and reports the seed and the replay command', async () => {
    const result = await runChaos({ seed: 6, regions: 'global:5', durationMs: 300_000, bugs: ['skipLogUpToDateCheck'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violation.property).toMatch(/election restriction|leader completeness|committed entry changed|log matching|state machine safety/);
    expect(result.seed).toBe(6);
    expect(result.replay).toBe('npx nomad-sim chaos --seed 6 --regions global:5 --duration 5m --bug skipLogUpToDateCheck');
  });

  it('refuses bad options with ChaosOptionError', async () => {
    await expect(runChaos({ seed: 1, regions: 'global', durationMs: 1_000 })).rejects.toBeInstanceOf(ChaosOptionError);
    await expect(runChaos({ seed: 1, regions: 'global:3', durationMs: 0 })).rejects.toThrow(/invalid duration 0/);
    await expect(runChaos({ seed: 1, regions: 'global:3', durationMs: 1_000, authoritative: 'mars' })).rejects.toThrow(/invalid authoritative region mars/);
    await expect(runChaos({ seed: 1.5, regions: 'global:3', durationMs: 1_000 })).rejects.toThrow(/invalid seed 1.5/);
  });
});

describe('the chaos report', () => {
  it('summarises a passing run and shows the replay command of a failing one', async () => {
    const { formatChaosReport, chaosExitCode } = await import('../src/program/chaos-report.js');
    const passed = await runChaos({ seed: 5, regions: 'global:3', durationMs: 20_000 });
    const text = formatChaosReport(passed);
    expect(text.split('\n')[0]).toBe('chaos: every invariant held');
    expect(text).toMatch(/kv writes {6}\d+ acknowledged, \d+ failed/);
    expect(chaosExitCode(passed)).toBe(0);
    const failed = await runChaos({ seed: 6, regions: 'global:5', durationMs: 300_000, bugs: { skipLogUpToDateCheck: true } });
    const report = formatChaosReport(failed);
    expect(report.split('\n')[0]).toMatch(/^chaos: VIOLATION of [a-z ]+ at t=\d+ ms$/);
    expect(report).toContain('seed: 6');
    expect(report).toContain('replay: npx nomad-sim chaos --seed 6 --regions global:5 --duration 5m --bug skipLogUpToDateCheck');
    expect(chaosExitCode(failed)).toBe(1);
  });
});
