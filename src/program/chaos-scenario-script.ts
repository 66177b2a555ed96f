/**
 * The scenario file of a shrunk chaos run (chaos-shrink.ts): a TypeScript module that defines it
 * with `defineChaosScenario` (chaos-scenario.ts), so that `npx tsx FILE.ts` and `npx nomad-sim run
 * FILE.ts` replay the failure (exit 1 with the violation). A comment says what broke, how the run
 * was shrunk and the command of the original run; each fault is one line, with the servers it
 * struck where the fault picked them itself (a region's leader, an armed fault).
 */
import { formatDuration } from '../check/chaos-duration.js';
import { replayPart, type ChaosFault } from '../check/chaos-schedule.js';
import type { SeededBugName } from '../sim/seeded-bugs.js';
import { formatChaosCommand, type ChaosOptions } from './chaos-args.js';

export interface ChaosScenarioScript {
  /** The scenario's name: the file name without extension. */
  readonly name: string;
  /** Where `defineChaosScenario` is imported from. */
  readonly importFrom: string;
  /** The options of the original run (its duration and faults are the failure's). */
  readonly original: ChaosOptions;
  readonly faultsBefore: number;
  /** The shortest failing run found. */
  readonly durationMs: number;
  readonly faults: readonly ChaosFault[];
  readonly violation: { readonly property: string; readonly detail: string; readonly time: number };
  /** Chaos runs the shrinking tried. */
  readonly runs: number;
}

/** A TypeScript literal for a number, with `_` between thousands from 10 000 on. */
function numberLiteral(n: number): string {
  if (!Number.isInteger(n) || Math.abs(n) < 10_000) return String(n);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '_');
}

/** A single-quoted TypeScript string literal. */
function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A TypeScript literal for plain data (strings, numbers, booleans, arrays, objects) on one line. */
function literal(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return numberLiteral(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return fields.length === 0
      ? '{}'
      : `{ ${fields.map(([k, v]) => `${/^[A-Za-z_]\w*$/.test(k) ? k : quote(k)}: ${literal(v)}`).join(', ')} }`;
  }
  return String(value);
}

/** A comment line: `//` text, or nothing. */
function faultComment(fault: ChaosFault): string {
  const struck = fault.struck ?? [];
  if (struck.length === 0 || fault.kind === 'crash' || fault.kind === 'gracefulRestart') return '';
  return ` // struck ${struck.join(', ')}`;
}

/** The `chaos` block's fields: the run's options less what the program adds. */
function runFields(options: ChaosOptions, durationMs: number): string[] {
  const fields: string[] = [
    `seed: ${numberLiteral(options.seed)}`,
    `regions: ${quote(options.regions.map((r) => `${r.name}:${r.servers}`).join(','))}`,
    `durationMs: ${numberLiteral(durationMs)}`,
  ];
  if (options.authoritative !== undefined)
    fields.push(`authoritative: ${quote(options.authoritative)}`);
  if (options.faultMix !== undefined) fields.push(`faultMix: ${quote(options.faultMix)}`);
  if (options.workloads !== undefined) fields.push(`workloads: ${literal(options.workloads)}`);
  if (options.bugs !== undefined)
    fields.push(`bugs: ${literal(options.bugs as readonly SeededBugName[])}`);
  if (options.maxAppendEntries !== undefined)
    fields.push(`maxAppendEntries: ${options.maxAppendEntries}`);
  if (options.maxEvents !== undefined)
    fields.push(`maxEvents: ${numberLiteral(options.maxEvents)}`);
  return fields;
}

/** The file's text. */
export function renderChaosScenario(script: ChaosScenarioScript): string {
  const { original, violation } = script;
  const shrunk = {
    ...original,
    durationMs: script.durationMs,
    faults: script.faults.map(replayPart),
  };
  const originalCommand = formatChaosCommand(original);
  const title = `Chaos seed ${original.seed}, shrunk: ${violation.property}`;
  const about = `Seed ${original.seed} broke "${violation.property}" after ${script.faultsBefore} faults over ${formatDuration(original.durationMs)}; these ${script.faults.length} faults over ${formatDuration(script.durationMs)} of client load still break it.`;
  const lines = [
    '/**',
    ` * ${script.name}: a chaos run shrunk by nomad-sim, which broke "${violation.property}" at t=${violation.time} ms (virtual):`,
    ` *   ${violation.detail.replace(/\*\//g, '* /')}`,
    ` * The failing run struck ${script.faultsBefore} faults over ${formatDuration(original.durationMs)}; fast-check shrank it (${script.runs} runs)`,
    ` * to the ${script.faults.length} below over ${formatDuration(script.durationMs)}, with the same seed, set-up and client load.`,
    ` * The failing run: ${originalCommand}`,
    ` * This run:        ${formatChaosCommand(shrunk)}`,
    ' *',
    ` * npx tsx ${script.name}.ts (or npx nomad-sim run ${script.name}.ts) replays it: each fault is`,
    ' * printed as it strikes, then the chaos report, and the run fails (exit 1) with the violation.',
    ' * Edit the faults to see what matters: atMs is virtual ms since the run began, forMs how long',
    ' * a fault lasts; `--seed N` plays them against the client load of another seed.',
    ' */',
    `import { defineChaosScenario } from ${quote(script.importFrom)};`,
    '',
    'export default defineChaosScenario({',
    `  name: ${quote(script.name)},`,
    `  title: ${quote(title)},`,
    `  about: ${quote(about)},`,
    '  chaos: {',
    ...runFields(original, script.durationMs).map((field) => `    ${field},`),
    '  },',
    script.faults.length === 0 ? '  faults: [],' : '  faults: [',
    ...script.faults.map((fault) => `    ${literal(replayPart(fault))},${faultComment(fault)}`),
    ...(script.faults.length === 0 ? [] : ['  ],']),
    '});',
    '',
  ];
  return lines.join('\n');
}
