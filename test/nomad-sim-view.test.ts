/**
 * Timeline pages from the command line: `nomad-sim view TRACE.jsonl [-o PAGE.html]` and `--html
 * FILE` on `run` and `chaos`. A page is one HTML file that loads nothing from anywhere; `--html`
 * leaves the transcript on stdout as it was; a trace that is missing, a folder, not JSON or not a
 * trace record, and a page that cannot be written, are each one line on stderr and exit code 2.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TIMELINE_FORMAT } from '../src/timeline/model.js';

const root = join(import.meta.dirname, '..');

function nomadSim(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/nomad-sim.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLine(result: ReturnType<typeof nomadSim>, line: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr.trimEnd()).toMatch(line);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** The page's embedded model, parsed. */
function embedded(html: string): { format: string; title: string; lanes: Array<{ id: string }> } {
  const match = /<script type="application\/json" id="timeline-data">(.*?)<\/script>/s.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match?.[1] ?? '{}') as {
    format: string;
    title: string;
    lanes: Array<{ id: string }>;
  };
}

function expectSelfContained(html: string): void {
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
  expect(html).not.toMatch(/url\(\s*["']?https?:/i);
  expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
  expect(html).not.toMatch(/<link\b/i);
}

const TRACE = [
  { t: 0, kind: 'server.start', region: 'global', server: 'server-1' },
  { t: 2, kind: 'raft.role', region: 'global', server: 'server-1', term: 1, role: 'follower' },
  { t: 900, kind: 'raft.role', region: 'global', server: 'server-1', term: 2, role: 'leader' },
  {
    t: 950,
    kind: 'client.request',
    id: 'http-1',
    region: 'global',
    server: 'server-1',
    operation: 'GET /v1/jobs',
  },
  {
    t: 955,
    kind: 'client.response',
    id: 'http-1',
    region: 'global',
    server: 'server-1',
    entryRegion: 'global',
    entryServer: 'server-1',
    operation: 'GET /v1/jobs',
    write: false,
    status: 200,
    index: 1,
    error: null,
  },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

describe('nomad-sim view', () => {
  it('writes a self-contained page next to the trace, or where -o says', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-view-'));
    writeFileSync(join(dir, 'run.jsonl'), `${TRACE}\n`);
    const result = nomadSim('view', join(dir, 'run.jsonl'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `wrote ${join(dir, 'run.html')} (5 records, 1 lane); open it in a browser\n`,
    );
    const html = readFileSync(join(dir, 'run.html'), 'utf8');
    expectSelfContained(html);
    expect(embedded(html)).toMatchObject({
      format: TIMELINE_FORMAT,
      title: 'run.jsonl',
      lanes: [{ id: 'global/server-1' }],
    });
    const other = nomadSim('view', join(dir, 'run.jsonl'), '-o', join(dir, 'other.html'));
    expect(other.code).toBe(0);
    expect(readFileSync(join(dir, 'other.html'), 'utf8')).toBe(html);
  });

  it('answers a bad trace or a bad page path with one line and exit code 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-view-'));
    writeFileSync(join(dir, 'notjson.jsonl'), `${TRACE.split('\n')[0]}\nnot json at all\n`);
    writeFileSync(
      join(dir, 'bad.jsonl'),
      `${TRACE.split('\n')[0]}\n{"t":5,"kind":"raft.commit","region":"global","server":"server-1","index":3}\n`,
    );
    writeFileSync(join(dir, 'empty.jsonl'), '\n');
    writeFileSync(join(dir, 'ok.jsonl'), `${TRACE}\n`);
    mkdirSync(join(dir, 'folder.jsonl'));
    expectOneLine(
      nomadSim('view', join(dir, 'missing.jsonl')),
      /^nomad-sim view: cannot read .*missing\.jsonl: no such file$/,
    );
    expectOneLine(
      nomadSim('view', join(dir, 'folder.jsonl')),
      /^nomad-sim view: cannot read .*folder\.jsonl: it is a folder; give a trace file$/,
    );
    expectOneLine(
      nomadSim('view', join(dir, 'notjson.jsonl')),
      /^nomad-sim view: .*notjson\.jsonl line 2 is not JSON: not json at all$/,
    );
    expectOneLine(
      nomadSim('view', join(dir, 'bad.jsonl')),
      /^nomad-sim view: .*bad\.jsonl line 2 is not a trace record: raft\.commit: missing field "term"$/,
    );
    expectOneLine(
      nomadSim('view', join(dir, 'empty.jsonl')),
      /^nomad-sim view: .*empty\.jsonl holds no trace records$/,
    );
    expectOneLine(
      nomadSim('view', join(dir, 'ok.jsonl'), '-o', join(dir, 'no/such/page.html')),
      /^nomad-sim view: cannot write the timeline page to .*no\/such\/page\.html: the folder .*no\/such does not exist$/,
    );
    expect(existsSync(join(dir, 'bad.html'))).toBe(false);
    const usage = nomadSim('view');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^nomad-sim view: view needs a trace file/);
    expect(usage.stderr).toMatch(/Usage: nomad-sim view TRACE\.jsonl/);
    expect(nomadSim('view', join(dir, 'ok.jsonl'), '--frobnicate').stderr).toMatch(
      /unknown argument "--frobnicate"/,
    );
  });
});

describe('--html on a run', () => {
  it('writes the page of a scenario run and leaves stdout the transcript', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-html-'));
    const plain = nomadSim(
      'run',
      'scenarios/mistake-bootstrap-through-other-region.ts',
      '--seed',
      '3',
    );
    const paged = nomadSim(
      'run',
      'scenarios/mistake-bootstrap-through-other-region.ts',
      '--seed',
      '3',
      '--html',
      join(dir, 'page.html'),
    );
    expect(paged.code).toBe(plain.code);
    expect(paged.stdout).toBe(plain.stdout);
    expect(paged.stderr).toBe(`nomad-sim: wrote the timeline page to ${join(dir, 'page.html')}\n`);
    const html = readFileSync(join(dir, 'page.html'), 'utf8');
    expectSelfContained(html);
    const model = embedded(html) as unknown as {
      title: string;
      transcript: Array<{ text: string }>;
    };
    // The live transcript may end in a blank line the kept one drops.
    expect(
      model.transcript
        .map((l) => l.text)
        .join('\n')
        .trimEnd(),
    ).toBe(plain.stdout.trimEnd());
    expect(model.title).toBe((/^# (.*)$/m.exec(plain.stdout) ?? [])[1]);
    expectOneLine(
      nomadSim('run', 'scenarios/tutorial.ts', '--html', join(dir, 'missing/page.html')),
      /^cannot write the timeline page to .*missing\/page\.html: the folder .* does not exist$/,
    );
  });

  it('writes the page of a chaos run after its report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomad-sim-html-'));
    const result = nomadSim(
      'chaos',
      '--seed',
      '2',
      '--regions',
      'global:3',
      '--duration',
      '20s',
      '--html',
      join(dir, 'chaos.html'),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/virtual time/);
    expect(result.stderr).toBe(
      `nomad-sim chaos: wrote the timeline page to ${join(dir, 'chaos.html')}\n`,
    );
    const model = embedded(readFileSync(join(dir, 'chaos.html'), 'utf8'));
    expect(model.title).toBe('nomad-sim chaos --seed 2 --regions global:3 --duration 20s');
    expect(model.lanes.filter((l) => l.id.startsWith('global/server-')).length).toBe(3);
    const bad = nomadSim(
      'chaos',
      '--seed',
      '2',
      '--regions',
      'global:3',
      '--duration',
      '20s',
      '--html',
      '',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --html "": expected a file name/);
  });
});
