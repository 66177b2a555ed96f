/**
 * Tidiness rules that keep runs reproducible and the tree honest: nothing in src/ reads the real
 * clock, Math.random, timers or other unseeded sources (except the modules listed as deliberate
 * real-time edges), and every source file opens with a doc comment saying what it is for.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Modules allowed to touch real time or the real filesystem/process, and why. */
const REAL_TIME_EDGES = new Map<string, string>([
  ['src/program/nomad-sim.ts', 'the command-line program: reads argv, writes files, exits'],
  ['src/program/trace-file.ts', 'writes the trace to a real file'],
]);

const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bMath\.random\b/, 'Math.random'],
  [/\bDate\.now\b/, 'Date.now'],
  [/\bnew Date\(\s*\)/, 'new Date()'],
  [/\bperformance\.now\b/, 'performance.now'],
  [/\bprocess\.hrtime\b/, 'process.hrtime'],
  [/\bset(Timeout|Interval|Immediate)\s*\(/, 'real timers'],
  [/\bcrypto\.(randomUUID|randomBytes|getRandomValues)\b|\brandomUUID\s*\(|\brandomBytes\s*\(/, 'unseeded crypto randomness'],
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const root = join(import.meta.dirname, '..');
const files = sourceFiles(join(root, 'src')).map((f) => relative(root, f));

describe('tidy', () => {
  it('src/ never reads the real clock, Math.random, timers or unseeded randomness', () => {
    const hits: string[] = [];
    for (const file of files) {
      if (REAL_TIME_EDGES.has(file)) continue;
      const lines = readFileSync(join(root, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        for (const [pattern, what] of FORBIDDEN) if (pattern.test(code)) hits.push(`${file}:${i + 1}: ${what}`);
      });
    }
    expect(hits).toEqual([]);
  });

  it('the checker itself catches a forbidden call', () => {
    const sample = 'const t = Date.now(); setTimeout(() => {}, 5);';
    expect(FORBIDDEN.filter(([p]) => p.test(sample)).map(([, what]) => what)).toEqual(['Date.now', 'real timers']);
  });

  it('every source file starts with a doc comment', () => {
    const missing = files.filter((file) => !/^(#!.*\n)?\s*\/\*\*/.test(readFileSync(join(root, file), 'utf8')));
    expect(missing).toEqual([]);
  });
});
