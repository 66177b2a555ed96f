/**
 * The timeline page in a real browser (headless Chromium, see test/support/browser.ts): the
 * tutorial's page shows a lane per server, the leader of every term, the bootstrap request going
 * to global's leader, and europe's and asia's copies of each policy and token where the trace puts
 * them; scrubbing, clicking a server, the keyboard and the URL fragment do what they say, and the
 * server panel (role, term, indexes, leader, vote, ACL tables, config file) agrees with a plain
 * scan of the trace. A chaos run's page shows its partitions.
 * Each test saves a screenshot under test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { TraceRecord } from '../src/sim/trace.js';
import { TimelineCollector, timelinePageHtml } from '../src/program/timeline-page.js';
import { runChaos } from '../src/program/chaos.js';
import { scenario as tutorial } from '../scenarios/tutorial.js';
import { artifact, openBrowser, type Browser } from './support/browser.js';

type Rec<K extends TraceRecord['kind']> = TraceRecord<K>;
const only = <K extends TraceRecord['kind']>(all: readonly TraceRecord[], kind: K): Array<Rec<K>> =>
  all.filter((r) => r.kind === kind) as unknown as Array<Rec<K>>;
const who = (r: { region: string; server: string }): string => `${r.region}/${r.server}`;

let browser: Browser;
let records: TraceRecord[];
let url: string;
const pageErrors: string[] = [];

async function writePage(name: string, lines: readonly string[], title?: string): Promise<string> {
  const collector = new TimelineCollector();
  for (const line of lines) collector.add(line);
  const path = artifact(name);
  writeFileSync(path, await timelinePageHtml(collector.finish(title)));
  return pathToFileURL(path).href;
}

beforeAll(async () => {
  const lines: string[] = [];
  const result = await tutorial.run({ seed: 7, traceSink: (line) => lines.push(line) });
  expect(result.ok).toBe(true);
  records = lines.map((l) => JSON.parse(l) as TraceRecord);
  url = await writePage('tutorial.html', lines);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function open(hash = ''): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${url}${hash}`);
  await page.waitForSelector('body[data-ready="true"]');
  await settle(page);
  return page;
}

interface PlotScale {
  from: number;
  to: number;
  x0: number;
  x1: number;
  left: number;
  top: number;
}

async function plotScale(page: Page): Promise<PlotScale> {
  return page.$eval('#marks', (svg) => {
    const box = svg.getBoundingClientRect();
    const d = (name: string): number => Number(svg.getAttribute(`data-${name}`));
    return { from: d('from'), to: d('to'), x0: d('x0'), x1: d('x1'), left: box.left, top: box.top };
  });
}

const xAt = (s: PlotScale, t: number): number =>
  s.x0 + ((t - s.from) * (s.x1 - s.x0)) / (s.to - s.from);

/** The vertical centre of a lane in the plot (its role bars are 12 px high around it). */
async function laneY(page: Page, id: string): Promise<number> {
  return page.$eval(`.role[data-lane="${id}"]`, (el) => Number(el.getAttribute('y')) + 6);
}

async function cursor(page: Page): Promise<number> {
  return page.$eval('#marks', (svg) => Number(svg.getAttribute('data-cursor')));
}

/** Waits two animation frames, so the page has drawn what the last input changed. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
  );
}

function leaderOf(region: string, t: number): string | null {
  let leader: string | null = null;
  for (const r of only(records, 'raft.role'))
    if (r.t <= t && r.region === region && r.role === 'leader') leader = who(r);
  return leader;
}

/** A server's state at `t` by a plain scan of the trace (what the server panel must show). */
function stateFromTrace(id: string, t: number) {
  const mine = records.filter(
    (r) => r.t <= t && 'region' in r && 'server' in r && `${r.region}/${r.server}` === id,
  );
  let role: string | null = null;
  let term: number | null = null;
  let since = -1;
  for (const r of mine) {
    if (r.kind === 'raft.role') {
      role = (r as Rec<'raft.role'>).role;
      term = (r as Rec<'raft.role'>).term;
    } else if (r.kind === 'server.stop') role = 'down';
    else if (r.kind === 'server.start') {
      role = 'follower';
      since = r.t;
    }
  }
  const up = role !== null && role !== 'down';
  const last = <K extends 'raft.commit' | 'raft.apply'>(kind: K) =>
    (mine.filter((r) => r.kind === kind && r.t >= since) as unknown as Array<Rec<K>>).pop();
  const vote = (mine.filter((r) => r.kind === 'raft.vote') as Array<Rec<'raft.vote'>>).pop();
  const config = (
    mine.filter((r) => r.kind === 'server.config') as Array<Rec<'server.config'>>
  ).pop();
  // ACL tables since the last start: snapshots replace them, applied entries change them.
  const policies = new Set<string>();
  const tokens = new Set<string>();
  for (const r of mine) {
    if (r.t < since) continue;
    if (r.kind === 'acl.tables') {
      const tables = r as Rec<'acl.tables'>;
      policies.clear();
      tokens.clear();
      for (const p of tables.policies) policies.add(p);
      for (const a of tables.tokens) tokens.add(a);
    } else if (r.kind === 'acl.apply') {
      const change = r as Rec<'acl.apply'>;
      const set = change.what === 'policies' ? policies : tokens;
      for (const id of change.upserted) set.add(id);
      for (const id of change.deleted) set.delete(id);
    }
  }
  return {
    role,
    term,
    commit: up ? (last('raft.commit')?.index ?? null) : null,
    applied: up ? (last('raft.apply')?.index ?? null) : null,
    vote:
      vote === undefined
        ? 'none'
        : term !== null && vote.term < term
          ? `none in term ${term} (${vote.votedFor} in term ${vote.term})`
          : `${vote.votedFor} in term ${vote.term}`,
    acl: up
      ? `${policies.size} ${policies.size === 1 ? 'policy' : 'policies'} · ${tokens.size} ${tokens.size === 1 ? 'token' : 'tokens'}`
      : '—',
    config: config?.text ?? null,
  };
}

/**
 * The moments "next event" stops at, by the page's own rule, from the trace: role or term
 * changes, starts and stops, snapshots, faults, requests and responses, ACL copies, failed
 * replication rounds and transcript steps.
 */
function notableFromTrace(): Set<number> {
  const times = new Set<number>();
  const roles = new Map<string, string>();
  for (const r of records) {
    switch (r.kind) {
      case 'raft.role': {
        const role = r as Rec<'raft.role'>;
        const state = `${role.role}:${role.term}`;
        if (roles.get(who(role)) !== state) times.add(r.t);
        roles.set(who(role), state);
        break;
      }
      case 'server.start':
      case 'server.stop': {
        const server = r as Rec<'server.start'>;
        roles.set(
          who(server),
          r.kind === 'server.stop'
            ? 'down'
            : `follower:${roles.get(who(server))?.split(':')[1] ?? 0}`,
        );
        times.add(r.t);
        break;
      }
      case 'acl.replicate':
        if ((r as Rec<'acl.replicate'>).error !== null) times.add(r.t);
        break;
      case 'client.request':
      case 'client.response':
      case 'acl.replicate.object':
      case 'net.fault':
      case 'raft.snapshot':
        times.add(r.t);
        break;
      case 'scenario.transcript':
        times.add((r as Rec<'scenario.transcript'>).since);
        break;
      default:
        break;
    }
  }
  return times;
}

async function panelField(page: Page, field: string): Promise<string> {
  return page.$eval(`#panel-server [data-field="${field}"]`, (el) => el.textContent ?? '');
}

describe("the tutorial's timeline page", () => {
  it('has a lane per server, grouped by region, and marks the authoritative region', async () => {
    const page = await open();
    const lanes = await page.$$eval('.lane-label[data-lane]', (els) =>
      els.map((e) => [e.getAttribute('data-lane'), e.getAttribute('data-kind')]),
    );
    const servers = [...new Set(only(records, 'server.start').map(who))];
    const endpoints = new Set(only(records, 'net.send').flatMap((r) => [r.from, r.to]));
    const clients = [...endpoints].filter((e) => e.includes('/') && !servers.includes(e));
    expect(lanes.filter(([, kind]) => kind === 'server').map(([id]) => id)).toEqual(servers);
    expect(
      lanes
        .filter(([, kind]) => kind === 'client')
        .map(([id]) => id)
        .sort(),
    ).toEqual(clients.sort());
    expect(lanes.filter(([, kind]) => kind === 'outside').map(([id]) => id)).toEqual(
      [...endpoints].filter((e) => !e.includes('/')),
    );
    const regions = await page.$$eval('.region-label[data-region]', (els) =>
      els.map((e) => e.textContent),
    );
    expect(regions).toEqual(['global · authoritative', 'europe', 'asia']);
    expect(await page.textContent('#title')).toBe(
      'Bootstrap the Nomad ACL system across three regions',
    );
    await page.screenshot({ path: artifact('lanes.png') });
    expect(pageErrors).toEqual([]);
  });

  it('shows the leader of every term in every region, from the moment it was elected', async () => {
    const page = await open();
    const shown = await page.$$eval('.role-leader', (els) =>
      els.map((e) => ({
        lane: e.getAttribute('data-lane'),
        term: Number(e.getAttribute('data-term')),
        from: Number(e.getAttribute('data-from')),
      })),
    );
    const elected = only(records, 'raft.role').filter((r) => r.role === 'leader');
    expect(shown.map((s) => `${s.lane} term ${s.term} from ${s.from}`).sort()).toEqual(
      elected.map((r) => `${who(r)} term ${r.term} from ${r.t}`).sort(),
    );
    // One leader per region and term.
    const perTerm = new Set(shown.map((s) => `${s.lane?.split('/')[0]}:${s.term}`));
    expect(perTerm.size).toBe(shown.length);
    await page.screenshot({ path: artifact('leaders.png') });
  });

  it("draws the bootstrap request from the workstation to global's leader and back", async () => {
    const request = only(records, 'client.request').find(
      (r) => r.operation === 'PUT /v1/acl/bootstrap',
    ) as Rec<'client.request'>;
    const response = only(records, 'client.response').find(
      (r) => r.id === request.id,
    ) as Rec<'client.response'>;
    const leader = leaderOf('global', request.t);
    expect(leader).toBe(who(response));
    const page = await open(`#t=${request.t}&from=${request.t - 40}&to=${response.t + 40}`);
    const path = await page.$eval(`.request[data-request="${request.id}"]`, (el) =>
      Object.fromEntries(
        [...el.attributes]
          .filter((a) => a.name.startsWith('data-'))
          .map((a) => [a.name.slice(5), a.value]),
      ),
    );
    expect(path).toMatchObject({
      operation: 'PUT /v1/acl/bootstrap',
      origin: 'workstation',
      entry: who(request),
      exec: leader,
      t: String(request.t),
      end: String(response.t),
      status: '200',
    });
    const scale = await plotScale(page);
    const exec = await page.$eval(`.request[data-request="${request.id}"] circle.exec`, (el) => ({
      cx: Number(el.getAttribute('cx')),
      cy: Number(el.getAttribute('cy')),
    }));
    expect(exec.cy).toBeCloseTo(await laneY(page, leader as string), 0);
    expect(exec.cx).toBeGreaterThanOrEqual(xAt(scale, request.t) - 0.5);
    expect(exec.cx).toBeLessThanOrEqual(xAt(scale, response.t) + 0.5);
    const start = await page.$eval(
      `.request[data-request="${request.id}"] path`,
      (el) => el.getAttribute('d') ?? '',
    );
    const [x, y] = (/^M([\d.]+),([\d.]+)/.exec(start) ?? []).slice(1).map(Number);
    expect(x).toBeCloseTo(xAt(scale, request.t), 0);
    expect(y).toBeCloseTo(
      await page.$eval(
        '.lane-label[data-lane="workstation"]',
        (el) => Number(el.getAttribute('y')) - 4,
      ),
      0,
    );
    await page.click(`.request[data-request="${request.id}"] circle.exec`);
    await settle(page);
    expect(await page.getAttribute(`.request[data-request="${request.id}"]`, 'class')).toContain(
      'selected',
    );
    await page.screenshot({ path: artifact('bootstrap-request.png') });
  });

  it("puts europe's and asia's copy of each policy and token at the trace's times", async () => {
    const page = await open();
    const scale = await plotScale(page);
    const copies = only(records, 'acl.replicate.object').filter(
      (r) => r.region === 'europe' || r.region === 'asia',
    );
    expect(new Set(copies.map((c) => c.region))).toEqual(new Set(['europe', 'asia']));
    const rows = await page.$$eval('[data-acl-row]', (els) =>
      Object.fromEntries(
        els.map((e) => [e.getAttribute('data-acl-row'), Number(e.getAttribute('y')) - 4]),
      ),
    );
    for (const copy of copies) {
      const marker = await page.$eval(
        `.acl-arrival[data-region="${copy.region}"][data-object="${copy.id}"][data-t="${copy.t}"] circle`,
        (el) => ({ cx: Number(el.getAttribute('cx')), cy: Number(el.getAttribute('cy')) }),
      );
      expect(marker.cx, `${copy.id} in ${copy.region}`).toBeCloseTo(xAt(scale, copy.t), 0);
      expect(marker.cy).toBeCloseTo(rows[copy.region] as number, 0);
    }
    expect(await page.$$eval('.acl-arrival', (els) => els.length)).toBe(copies.length);
    // The ACL table says the same, with the write in global.
    await page.click('#tab-acl');
    const anonymous = copies.find(
      (c) => c.id === 'anonymous' && c.region === 'europe',
    ) as Rec<'acl.replicate.object'>;
    const cell = await page.$eval(
      'tr[data-object="anonymous"] button.arrival[data-region="europe"]',
      (el) => el.getAttribute('data-t'),
    );
    expect(cell).toBe(String(anonymous.t));
    const written = only(records, 'raft.apply').find(
      (a) => a.region === 'global' && a.index === anonymous.remoteIndex,
    );
    expect(
      await page.$eval('tr[data-object="anonymous"] button[data-written]', (el) =>
        el.getAttribute('data-t'),
      ),
    ).toBe(String(written?.t));
    await page.click('tr[data-object="anonymous"] button.arrival[data-region="asia"]');
    await settle(page);
    expect(await cursor(page)).toBe(
      copies.find((c) => c.id === 'anonymous' && c.region === 'asia')?.t,
    );
    await page.screenshot({ path: artifact('replication.png') });
  });

  it('scrubs the axis, highlights the transcript, and shows a clicked server as the trace has it', async () => {
    const request = only(records, 'client.request').find(
      (r) => r.operation === 'PUT /v1/acl/bootstrap',
    ) as Rec<'client.request'>;
    const page = await open(`#from=${request.t - 600}&to=${request.t + 400}`);
    let scale = await plotScale(page);
    // Drag along the time axis to just after the bootstrap request.
    await page.mouse.move(scale.left + xAt(scale, request.t - 500), scale.top + 14);
    await page.mouse.down();
    await page.mouse.move(scale.left + xAt(scale, request.t - 200), scale.top + 14, { steps: 4 });
    await page.mouse.move(scale.left + xAt(scale, request.t + 5), scale.top + 14, { steps: 4 });
    await page.mouse.up();
    await settle(page);
    const scrubbed = await cursor(page);
    expect(Math.abs(scrubbed - (request.t + 5))).toBeLessThan(
      (scale.to - scale.from) / (scale.x1 - scale.x0) + 1,
    );
    const lines = only(records, 'scenario.transcript');
    const step = Math.max(...lines.filter((l) => l.since <= scrubbed).map((l) => l.since));
    const current = await page.$$eval('.transcript .line.current', (els) =>
      els.map((e) => [Number(e.getAttribute('data-t')), e.textContent]),
    );
    expect(current.length).toBeGreaterThan(0);
    expect(new Set(current.map(([t]) => t))).toEqual(new Set([step]));
    expect(current.map(([, text]) => text).join('\n')).toContain('$ nomad acl bootstrap');
    expect(await page.$$eval('.transcript .line:not(.future)', (els) => els.length)).toBe(
      lines.filter((l) => l.since <= scrubbed).length,
    );

    // Click server lanes at a few moments: the server panel shows each one's state then.
    await page.keyboard.press('0');
    await settle(page);
    for (const [id, t] of [
      ['global/server-2', request.t + 1000],
      ['global/server-1', 3000],
      ['asia/server-3', 25_000],
    ] as const) {
      scale = await plotScale(page);
      await page.mouse.click(scale.left + xAt(scale, t), scale.top + (await laneY(page, id)));
      await settle(page);
      const at = await cursor(page);
      expect(Math.abs(at - t)).toBeLessThan(100);
      const expected = stateFromTrace(id, at);
      expect(await panelField(page, 'server')).toBe(id);
      expect(await panelField(page, 'role'), `${id} at ${at}`).toBe(
        expected.role === 'down' ? '—' : (expected.role ?? '—'),
      );
      expect(await panelField(page, 'term')).toBe(String(expected.term ?? '—'));
      expect(await panelField(page, 'commit')).toBe(String(expected.commit ?? '—'));
      expect(await panelField(page, 'applied')).toBe(String(expected.applied ?? '—'));
      expect(await panelField(page, 'status')).toMatch(
        expected.role === 'down' ? /^down$/ : /^running since/,
      );
      expect(await panelField(page, 'leader')).toBe(
        leaderOf(id.split('/')[0] as string, at) ?? 'none',
      );
      expect(await panelField(page, 'vote')).toBe(expected.vote);
      expect(await panelField(page, 'acl')).toBe(expected.acl);
      expect(expected.config).toMatch(/^name += "/);
      expect(await panelField(page, 'config')).toBe(expected.config);
      await page.screenshot({ path: artifact(`server-${id.replace('/', '-')}.png`) });
    }
    // global/server-1 was restarted at that moment (the rolling restart): down, nothing to show.
    expect(stateFromTrace('global/server-1', 3000).role).toBe('down');
  });

  it('moves with the keyboard, plays, and keeps the moment in the URL', async () => {
    const page = await open();
    await page.click('#tab-transcript');
    const transcript = only(records, 'scenario.transcript');
    const index = transcript.findIndex((l) => l.text === '$ nomad acl bootstrap');
    const bootstrapLine = transcript[index] as Rec<'scenario.transcript'>;
    await page.click(`.transcript .line[data-i="${index}"]`);
    await settle(page);
    expect(await cursor(page)).toBe(bootstrapLine.since);

    await page.keyboard.press('ArrowRight');
    await settle(page);
    const next = await cursor(page);
    expect(next).toBeGreaterThan(bootstrapLine.since);
    const times = notableFromTrace();
    expect(times.has(next)).toBe(true);
    expect([...times].filter((t) => t > bootstrapLine.since && t < next)).toEqual([]);
    await page.keyboard.press('ArrowLeft');
    await settle(page);
    expect(await cursor(page)).toBe(bootstrapLine.since);

    // Each step's first transcript line takes the focus; Enter jumps to it.
    const later = transcript.findIndex((l, i) => i > index && l.since > bootstrapLine.since);
    await page.focus(`.transcript .line[data-i="${later}"]`);
    await page.keyboard.press('Enter');
    await settle(page);
    expect(await cursor(page)).toBe(transcript[later]?.since);
    await page.keyboard.press('ArrowLeft');
    await settle(page);
    expect(await cursor(page)).toBe(
      Math.max(...[...times].filter((t) => t < (transcript[later]?.since ?? 0))),
    );

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await settle(page);
    expect(await panelField(page, 'server')).toBe('global/server-2');
    await page.keyboard.press('+');
    await settle(page);
    const zoomed = await plotScale(page);
    expect(zoomed.to - zoomed.from).toBeLessThan(records[records.length - 1]?.t ?? 0);

    await page.keyboard.press(']');
    await page.keyboard.press('Space');
    const before = await cursor(page);
    await page.waitForTimeout(400);
    await page.keyboard.press('Space');
    await settle(page);
    const after = await cursor(page);
    expect(after).toBeGreaterThan(before);
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('false');

    // The address is written at most a few times a second: wait until it holds the paused cursor.
    await page.waitForFunction(
      "Math.abs(Number((/[#&]t=([0-9.]+)/.exec(location.hash) || [])[1]) - Number(document.getElementById('marks').dataset.cursor)) < 0.01",
    );
    const hash = String(await page.evaluate('location.hash'));
    expect(hash).toContain('lane=global/server-2');
    const again = await open(hash);
    expect(await cursor(again)).toBeCloseTo(after, 2);
    expect(await again.$eval('.lane-label.selected', (el) => el.getAttribute('data-lane'))).toBe(
      'global/server-2',
    );
    expect(await panelField(again, 'server')).toBe('global/server-2');
    await again.keyboard.press('?');
    expect(await again.isVisible('#help')).toBe(true);
    await again.screenshot({ path: artifact('keyboard-help.png') });
    await again.keyboard.press('Escape');
    expect(await again.isVisible('#help')).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});

describe("a chaos run's timeline page", () => {
  it('shades every partition and marks failed replication rounds', async () => {
    const lines: string[] = [];
    const result = await runChaos({
      seed: 4,
      regions: 'global:3,europe:3,asia:3',
      durationMs: 90_000,
      traceSink: (line) => lines.push(line),
    });
    expect(result.ok).toBe(true);
    const chaos = lines.map((l) => JSON.parse(l) as TraceRecord);
    const page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(await writePage('chaos.html', lines, 'chaos --seed 4'));
    await page.waitForSelector('body[data-ready="true"]');
    await settle(page);
    const partitions = only(chaos, 'net.fault').filter((f) => f.what.startsWith('partition'));
    expect(partitions.length).toBeGreaterThan(0);
    expect(
      await page.$$eval('.partition', (els) => els.map((e) => Number(e.getAttribute('data-from')))),
    ).toEqual(partitions.map((p) => p.t));
    const failed = only(chaos, 'acl.replicate').filter((r) => r.error !== null);
    expect(await page.$$eval('.acl-error', (els) => els.length)).toBeLessThanOrEqual(failed.length);
    expect(await page.$$eval('.acl-error', (els) => els.length)).toBeGreaterThan(0);
    expect(await page.textContent('#window')).toMatch(/messages, counted per lane/);
    // Too many requests in view for SVG: they are ticks on the canvas until one zooms in.
    const requests = only(chaos, 'client.request');
    expect(requests.length).toBeGreaterThan(150);
    expect(await page.getAttribute('#marks', 'data-dense')).toContain('requests');
    expect(await page.$$eval('.request', (els) => els.length)).toBe(0);
    await page.screenshot({ path: artifact('chaos.png') });
    const middle = requests[Math.floor(requests.length / 2)] as Rec<'client.request'>;
    await page.evaluate(
      `location.hash = 't=${middle.t}&from=${middle.t - 1000}&to=${middle.t + 1000}'`,
    );
    await settle(page);
    expect(await page.getAttribute('#marks', 'data-dense')).toBe('');
    const shown = await page.$$eval('.request', (els) =>
      els.map((e) => e.getAttribute('data-request')),
    );
    expect(shown).toContain(middle.id);
    const ends = new Map(only(chaos, 'client.response').map((r) => [r.id, r.t]));
    const overlapping = requests.filter(
      (r) => r.t <= middle.t + 1000 && (ends.get(r.id) ?? r.t) >= middle.t - 1000,
    );
    expect(shown.sort()).toEqual(overlapping.map((r) => r.id).sort());
    await page.screenshot({ path: artifact('chaos-zoomed.png') });
    expect(pageErrors).toEqual([]);
  });
});

describe('a run with thousands of ACL versions', () => {
  it('puts the ACL table in the page a few hundred rows at a time, as it is scrolled', async () => {
    const copies = 450;
    const lines = [
      { t: 0, kind: 'server.start', region: 'global', server: 'server-1' },
      { t: 0, kind: 'server.start', region: 'europe', server: 'server-1' },
      ...Array.from({ length: copies }, (_, i) => ({
        t: 10 + i * 10,
        kind: 'acl.replicate.object',
        region: 'europe',
        what: 'policies',
        id: `policy-${String(i).padStart(3, '0')}`,
        action: 'upsert',
        remoteIndex: i + 1,
      })),
    ].map((record) => JSON.stringify(record));
    const page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${await writePage('many-acl.html', lines, 'many ACL copies')}#t=2000`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('#tab-acl');
    await settle(page);
    const rows = (): Promise<number> =>
      page.$$eval('#panel-acl tr[data-object]', (els) => els.length);
    expect(await rows()).toBe(200);
    for (const expected of [400, 450, 450]) {
      await page.$eval('#panel-acl', (el) => el.scrollTo(0, el.scrollHeight));
      await page.waitForFunction(
        `document.querySelectorAll('#panel-acl tr[data-object]').length >= ${expected}`,
      );
      expect(await rows()).toBe(expected);
    }
    // Rows put in later are marked as arrived or not at the cursor too (t = 2000: the first 200).
    const future = await page.$$eval('#panel-acl button.arrival', (els) =>
      els.map((el) => [Number(el.getAttribute('data-t')), el.classList.contains('future')]),
    );
    expect(future).toHaveLength(copies);
    for (const [t, isFuture] of future) expect(isFuture).toBe((t as number) > 2000);
    await page.screenshot({ path: artifact('many-acl.png') });
    await page.close();
  });
});
