/**
 * The playground in a real browser (headless Chromium, see test/support/browser.ts), built by
 * `nomad-sim playground --out DIR` and opened from disk, then served by `nomad-sim playground`:
 * the simulator runs in the page and prints, byte for byte, what the same shell session prints
 * under Node; typing `nomad acl bootstrap` in the terminal shows the token there and a new ACL
 * write on the timeline where the trace puts it; a scenario picked in the page replays, and
 * stopping it at a step hands the federation over; the served page completes with Tab. Each test
 * saves a screenshot under test/artifacts/.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startShell } from '../src/scenario/shell/index.js';
import type { Scenario } from '../src/scenario/scenario.js';
import type { TraceRecord } from '../src/sim/trace.js';
import { buildTimeline } from '../src/timeline/build-timeline.js';
import { scenario as tutorial } from '../scenarios/tutorial.js';
import { scenario as resetOnFollower } from '../scenarios/mistake-reset-file-on-follower.js';
import { artifact, openBrowser, type Browser } from './support/browser.js';

const ROOT = join(import.meta.dirname, '..');
const PROGRAM = join(ROOT, 'bin/nomad-sim.js');
const BOOTSTRAP_STEP = 'Run the bootstrap command';

let browser: Browser;
let site: string;
let index: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), 'nomad-sim-site-'));
  const { stdout } = await promisify(execFile)('node', [PROGRAM, 'playground', '--out', site], {
    cwd: ROOT,
  });
  index = join(site, 'index.html');
  expect(stdout).toBe(
    `wrote ${index}; open ${pathToFileURL(index).href} in a browser, or serve ${site} from any static host\n`,
  );
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  rmSync(site, { recursive: true, force: true });
  expect(pageErrors).toEqual([]);
});

/** What the same session prints under Node: the start, then each line fed. */
async function nodeSession(
  from: { scenario: Scenario; until?: string } | null,
  lines: readonly string[] = [],
): Promise<{ text: string; records: TraceRecord[]; steps: string[] }> {
  let text = '';
  const records: TraceRecord[] = [];
  const started = await startShell({
    ...(from === null ? {} : { from: { ...from, file: 'x.ts' } }),
    echo: true,
    live: (chunk) => {
      text += chunk;
    },
    traceSink: (line) => records.push(JSON.parse(line) as TraceRecord),
  });
  if (!started.ok) throw new Error(started.failure);
  for (const line of lines) await started.shell.feed(line);
  const steps = started.shell.session.steps.map((s) => s.title);
  started.shell.close();
  return { text, records, steps };
}

async function open(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  await ready(page);
  return page;
}

/** Waits until the shell prompts for a line (a session started, or a command ended). */
async function ready(page: Page): Promise<void> {
  await page.waitForSelector('body[data-shell="ready"]', { timeout: 60_000 });
  // The terminal draws on its next frame.
  await page.evaluate('new Promise((done) => requestAnimationFrame(() => done(null)))');
}

/** The terminal's text without the playground's own notices and the prompt waiting for a line. */
async function terminalTranscript(page: Page): Promise<string> {
  const text = String(await page.evaluate('window.playground.terminal.text()'));
  const lines = text
    .split('\n')
    .filter(
      (line: string) => !/^(The scenario (ran|stopped)|Type help for the commands)/.test(line),
    );
  expect(await page.getAttribute('body', 'data-shell')).toBe('ready');
  expect(lines.pop()).toMatch(/^\[\d\d:\d\d:\d\d operator\]\$$/);
  return `${lines.join('\n')}\n`;
}

async function typeLine(page: Page, line: string): Promise<void> {
  await page.click('#terminal-section');
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await ready(page);
}

/** Where the plot puts time `t`, in page pixels. */
async function xOnPage(page: Page, t: number): Promise<number> {
  return page.$eval(
    '#marks',
    (svg, at) => {
      const d = (name: string): number => Number(svg.getAttribute(`data-${name}`));
      const x = d('x0') + ((at - d('from')) * (d('x1') - d('x0'))) / (d('to') - d('from'));
      return svg.getBoundingClientRect().left + x;
    },
    t,
  );
}

describe('the playground', () => {
  it('bootstraps ACLs typed in its terminal: the token in the terminal, the write on the timeline', async () => {
    const page = await open(
      `${pathToFileURL(index).href}?scenario=tutorial&until=${encodeURIComponent(BOOTSTRAP_STEP)}`,
    );
    const before = await nodeSession({ scenario: tutorial, until: BOOTSTRAP_STEP });
    expect(await terminalTranscript(page)).toBe(before.text);
    expect(await page.$$('.acl-write')).toHaveLength(0);
    expect(await page.inputValue('#scenario')).toBe('tutorial');
    expect(await page.inputValue('#step')).toBe(BOOTSTRAP_STEP);

    await typeLine(page, 'nomad acl bootstrap');
    const after = await nodeSession({ scenario: tutorial, until: BOOTSTRAP_STEP }, [
      'nomad acl bootstrap',
    ]);
    const terminal = await terminalTranscript(page);
    expect(terminal).toBe(after.text);
    expect(terminal).toMatch(
      /\nSecret ID {4}= [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n/,
    );
    const createIndex = Number(/Create Index = (\d+)/.exec(terminal)?.[1]);

    // The bootstrap's write is on global's ACL row, at the time the trace has for it.
    // Same seed, same run: the records after the ones written before are the command's.
    expect(after.records.slice(0, before.records.length)).toEqual(before.records);
    const typed = after.records.slice(before.records.length);
    const bootstrap = typed.find(
      (r) => r.kind === 'client.request',
    ) as TraceRecord<'client.request'>;
    const answer = typed.find(
      (r) =>
        r.kind === 'client.response' && (r as TraceRecord<'client.response'>).id === bootstrap.id,
    ) as TraceRecord<'client.response'>;
    expect(buildTimeline(after.records).acl.writes).toEqual([
      expect.objectContaining({
        region: 'global',
        t: answer.t,
        index: createIndex,
        request: bootstrap.id,
      }),
    ]);
    const writes = await page.$$eval('.acl-write', (els) =>
      els.map((el) => ({
        region: el.getAttribute('data-region'),
        index: Number(el.getAttribute('data-index')),
        t: Number(el.getAttribute('data-t')),
        request: el.getAttribute('data-request'),
        box: el.getBoundingClientRect().toJSON() as { x: number; width: number },
      })),
    );
    expect(writes).toHaveLength(1);
    const write = writes[0] as (typeof writes)[number];
    expect(write).toMatchObject({
      region: 'global',
      index: createIndex,
      t: answer.t,
      request: bootstrap.id,
    });
    expect(
      Math.abs(write.box.x + write.box.width / 2 - (await xOnPage(page, write.t))),
    ).toBeLessThan(2);
    // Its request went from the workstation to global's leader, which executed it.
    const request = await page.$eval(`.request[data-request="${bootstrap.id}"]`, (el) => ({
      origin: el.getAttribute('data-origin'),
      exec: el.getAttribute('data-exec'),
      status: el.getAttribute('data-status'),
    }));
    expect(request).toEqual({
      origin: 'workstation',
      exec: `${answer.region}/${answer.server}`,
      status: '200',
    });
    // The cursor follows the end of the live run, and the timeline's transcript has the command.
    expect(Number(await page.getAttribute('#marks', 'data-cursor'))).toBe(after.records.at(-1)?.t);
    expect(
      await page.$$eval('#panel-transcript .line.command', (els) => els.map((e) => e.textContent)),
    ).toContain('[00:00:08 operator]$ nomad acl bootstrap');
    await page.screenshot({ path: artifact('playground-bootstrap.png') });
    await page.close();
  });

  it('replays a scenario picked in the page, then stops it before a step and hands it over', async () => {
    const page = await open(pathToFileURL(index).href);
    expect(await terminalTranscript(page)).toBe((await nodeSession(null)).text);

    await page.selectOption('#scenario', 'mistake-reset-file-on-follower');
    await ready(page);
    const whole = await nodeSession({ scenario: resetOnFollower });
    expect(await terminalTranscript(page)).toBe(whole.text);
    expect(whole.steps.length).toBeGreaterThan(1);
    expect(
      await page.$$eval('#step option', (els) => els.map((e) => e.getAttribute('value'))),
    ).toEqual(['', ...whole.steps]);
    const transcriptLines = whole.records.filter((r) => r.kind === 'scenario.transcript').length;
    expect(await page.$$('#panel-transcript .line')).toHaveLength(transcriptLines);
    await page.screenshot({ path: artifact('playground-replay.png') });

    const step = whole.steps[1] as string;
    await page.selectOption('#step', step);
    await ready(page);
    const part = await nodeSession({ scenario: resetOnFollower, until: step });
    expect(await terminalTranscript(page)).toBe(part.text);
    expect(new URL(page.url()).searchParams.get('until')).toBe(step);
    expect(await page.$$('#panel-transcript .line')).toHaveLength(
      part.records.filter((r) => r.kind === 'scenario.transcript').length,
    );
    const writes = buildTimeline(part.records).acl.writes;
    expect(writes.length).toBeGreaterThan(0);
    expect(
      await page.$$eval('.acl-write', (els) => els.map((el) => Number(el.getAttribute('data-t')))),
    ).toEqual(writes.map((w) => w.t));
    await page.screenshot({ path: artifact('playground-take-over.png') });
    await page.close();
  });

  it('is served on 127.0.0.1 by nomad-sim playground, and completes commands with Tab', async () => {
    const server: ChildProcess = spawn(
      'node',
      [PROGRAM, 'playground', '--no-open', '--port', '0'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((done, fail) => {
        let out = '';
        server.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found =
            /^nomad-sim playground: (http:\/\/127\.0\.0\.1:\d+\/); Ctrl-C stops it\n/.exec(out);
          if (found !== null) done(found[1] as string);
        });
        server.on('exit', (code) => fail(new Error(`the server exited (${code}): ${out}`)));
      });
      const served = await fetch(url);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await served.text()).toBe(readFileSync(index, 'utf8'));
      expect((await fetch(`${url}other.js`)).status).toBe(404);

      const page = await open(url);
      await page.click('#terminal-section');
      await page.keyboard.type('stat');
      await page.keyboard.press('Tab');
      await page.waitForFunction("window.playground.terminal.text().endsWith('$ status')");
      await page.keyboard.press('Enter');
      await ready(page);
      const shown = await terminalTranscript(page);
      expect(shown).toBe((await nodeSession(null, ['status'])).text);
      await page.screenshot({ path: artifact('playground-served.png') });
      await page.close();
    } finally {
      const exited = new Promise<number | null>((done) => server.on('exit', done));
      server.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });
});
