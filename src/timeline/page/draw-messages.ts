/**
 * Draws the messages of the visible window on a canvas (a canvas because a busy run has
 * thousands of them in view, too many for SVG elements). Zoomed in, each message is a line from
 * its sender's lane at the send time to its receiver's lane at the delivery, with an arrowhead,
 * coloured by family; a dropped message is dashed and ends in a cross. Zoomed out, when more than
 * DETAIL_LIMIT messages (or more than one per pixel) are in view, they are counted per lane and
 * per few pixels of time instead
 * and drawn as a bar chart under each lane (drops in a second, dark orange row).
 */
import type { MessageTable, Timeline } from '../model.js';
import { firstAfter, firstAtOrAfter } from '../search.js';
import { type Rows, type Scale, xOf } from './geometry.js';
import { COLOURS, FAMILY_COLOURS } from './palette.js';

export const DETAIL_LIMIT = 2500;
const BUCKET_PIXELS = 3;

export interface MessageDrawing {
  readonly shown: number;
  readonly aggregated: boolean;
}

export interface MessageOptions {
  readonly heartbeats: boolean;
  /** Message rows to draw bold on top (a selected request's hops). */
  readonly highlight: readonly number[];
}

/** The first and past-the-last rows whose send time can put them in the window. */
export function messageWindow(messages: MessageTable, from: number, to: number): [number, number] {
  const count = messages.send.length;
  const first = firstAtOrAfter(count, (i) => messages.send[i] as number, from - messages.longest);
  const last = firstAfter(count, (i) => messages.send[i] as number, to);
  return [first, last];
}

export function drawMessages(ctx: CanvasRenderingContext2D, timeline: Timeline, scale: Scale, rows: Rows, options: MessageOptions): MessageDrawing {
  const m = timeline.messages;
  const [first, last] = messageWindow(m, scale.from, scale.to);
  const hidden = m.families.map((f) => f === 'heartbeat' && !options.heartbeats);
  const visible: number[] = [];
  let count = 0;
  for (let i = first; i < last; i++) {
    if ((m.end[i] as number) < scale.from || hidden[m.what[i] as number] === true) continue;
    count++;
    if (count <= DETAIL_LIMIT) visible.push(i);
  }
  // More messages than pixels: lines would only cover each other, so count them instead.
  if (count > DETAIL_LIMIT || count > scale.x1 - scale.x0) {
    drawAggregate(ctx, timeline, scale, rows, first, last, hidden);
    return { shown: count, aggregated: true };
  }
  const groups = new Map<string, number[]>();
  for (const i of visible) {
    const key = `${m.families[m.what[i] as number]}|${m.outcome[i] === 0 ? 'ok' : 'drop'}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = [];
      groups.set(key, group);
    }
    group.push(i);
  }
  ctx.lineWidth = 1;
  for (const [key, group] of groups) {
    const [family, how] = key.split('|') as [string, string];
    ctx.strokeStyle = FAMILY_COLOURS[family] ?? COLOURS.grey;
    ctx.setLineDash(how === 'drop' ? [3, 3] : []);
    ctx.beginPath();
    for (const i of group) path(ctx, m, i, scale, rows, how === 'drop');
    ctx.stroke();
  }
  ctx.setLineDash([]);
  drawDropCrosses(ctx, m, visible, scale, rows);
  if (options.highlight.length > 0) {
    ctx.strokeStyle = COLOURS.black;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    for (const i of options.highlight) path(ctx, m, i, scale, rows, m.outcome[i] !== 0);
    ctx.stroke();
    ctx.lineWidth = 1;
  }
  return { shown: count, aggregated: false };
}

function path(ctx: CanvasRenderingContext2D, m: MessageTable, i: number, scale: Scale, rows: Rows, dropped: boolean): void {
  const x1 = xOf(scale, m.send[i] as number);
  const y1 = rows.laneY[m.from[i] as number] ?? 0;
  const x2 = xOf(scale, m.end[i] as number);
  const y2 = endY(m, i, rows);
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  const length = Math.hypot(x2 - x1, y2 - y1);
  if (dropped || length < 12) return;
  const angle = Math.atan2(y2 - y1, x2 - x1);
  for (const side of [-1, 1]) {
    ctx.moveTo(x2, y2);
    ctx.lineTo(x2 - 6 * Math.cos(angle + side * 0.4), y2 - 6 * Math.sin(angle + side * 0.4));
  }
}

/**
 * Where a message's line ends: the receiver's lane, or for a dropped message seven tenths of the
 * way there (it never arrived), where a cross marks the drop.
 */
function endY(m: MessageTable, i: number, rows: Rows): number {
  const y1 = rows.laneY[m.from[i] as number] ?? 0;
  const y2 = rows.laneY[m.to[i] as number] ?? 0;
  return m.outcome[i] === 0 ? y2 : y1 + (y2 - y1) * 0.7;
}

function drawDropCrosses(ctx: CanvasRenderingContext2D, m: MessageTable, rowsToDraw: readonly number[], scale: Scale, rows: Rows): void {
  ctx.strokeStyle = COLOURS.vermillion;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (const i of rowsToDraw) {
    if (m.outcome[i] === 0) continue;
    const x = xOf(scale, m.end[i] as number);
    const y = endY(m, i, rows);
    ctx.moveTo(x - 3, y - 3);
    ctx.lineTo(x + 3, y + 3);
    ctx.moveTo(x + 3, y - 3);
    ctx.lineTo(x - 3, y + 3);
  }
  ctx.stroke();
  ctx.lineWidth = 1;
}

function drawAggregate(ctx: CanvasRenderingContext2D, timeline: Timeline, scale: Scale, rows: Rows, first: number, last: number, hidden: boolean[]): void {
  const m = timeline.messages;
  const buckets = Math.max(1, Math.ceil((scale.x1 - scale.x0) / BUCKET_PIXELS));
  const lanes = timeline.lanes.length;
  const sent = new Uint32Array(lanes * buckets);
  const dropped = new Uint32Array(lanes * buckets);
  const width = scale.to - scale.from;
  for (let i = first; i < last; i++) {
    if (hidden[m.what[i] as number] === true) continue;
    const t = m.send[i] as number;
    if (t < scale.from) continue;
    const bucket = Math.min(buckets - 1, Math.floor(((t - scale.from) / width) * buckets));
    const lane = m.from[i] as number;
    sent[lane * buckets + bucket] = (sent[lane * buckets + bucket] as number) + 1;
    if (m.outcome[i] !== 0) dropped[lane * buckets + bucket] = (dropped[lane * buckets + bucket] as number) + 1;
  }
  for (let lane = 0; lane < lanes; lane++) {
    const centre = rows.laneY[lane] ?? -1;
    if (centre < 0) continue;
    const row = rows.rows.find((r) => r.kind === 'lane' && r.lane === lane);
    const bottom = row === undefined ? centre + 8 : row.y + row.h - 1;
    const room = row === undefined ? 8 : row.h / 2 - 3;
    ctx.fillStyle = 'rgba(86,180,233,0.55)';
    for (let b = 0; b < buckets; b++) {
      const n = sent[lane * buckets + b] as number;
      if (n === 0) continue;
      const h = Math.min(room, 1 + Math.log2(1 + n) * 1.6);
      ctx.fillRect(scale.x0 + b * BUCKET_PIXELS, bottom - h, BUCKET_PIXELS - 0.5, h);
    }
    ctx.fillStyle = COLOURS.vermillion;
    for (let b = 0; b < buckets; b++) {
      const n = dropped[lane * buckets + b] as number;
      if (n === 0) continue;
      const h = Math.min(room, 1 + Math.log2(1 + n) * 1.6);
      ctx.fillRect(scale.x0 + b * BUCKET_PIXELS, bottom - room * 2 + 2, BUCKET_PIXELS - 0.5, Math.min(h, 4));
    }
  }
}
