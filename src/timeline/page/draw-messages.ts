/**
 * Draws the messages of the visible window on a canvas (a canvas because a busy run has
 * thousands of them in view, too many for SVG elements). Zoomed in, each message is a line from
 * its sender's lane at the send time to its receiver's lane at the delivery, with an arrowhead,
 * coloured by family; a dropped message is dashed and ends in a cross. Zoomed out, when more than
 * DETAIL_LIMIT messages (or more than one per pixel) are in view, they are counted per lane and
 * per few pixels of time instead and drawn as a bar chart under each lane (drops as a dark orange
 * row above it). Counting a long window uses per-lane running totals built once
 * (`MessageDensity`), so the whole of a one-hour run costs a few thousand subtractions per frame
 * instead of a pass over every message.
 */
import type { MessageTable, Timeline } from '../model.js';
import { firstAfter, firstAtOrAfter } from '../search.js';
import { type Rows, type Scale, xOf } from './geometry.js';
import { COLOURS, FAMILY_COLOURS } from './palette.js';

export const DETAIL_LIMIT = 2500;
const BUCKET_PIXELS = 3;
const IN_FLIGHT = 5;
const SENT_FILL = 'rgba(86,180,233,0.55)';

export interface MessageDrawing {
  readonly shown: number;
  readonly aggregated: boolean;
}

export interface MessageOptions {
  readonly heartbeats: boolean;
  /** Message rows to draw bold on top (a selected request's hops). */
  readonly highlight: readonly number[];
}

/** The first and past-the-last rows whose send time can put them in the window (stragglers apart). */
export function messageWindow(messages: MessageTable, from: number, to: number): [number, number] {
  const count = messages.send.length;
  const first = firstAtOrAfter(count, (i) => messages.send[i] as number, from - messages.longest);
  const last = firstAfter(count, (i) => messages.send[i] as number, to);
  return [first, last];
}

/** Per-lane running totals of messages sent and dropped, in fixed time buckets, for long windows. */
export class MessageDensity {
  readonly bucketMs: number;
  private readonly buckets: number;
  /** Per lane: running totals (length buckets + 1) of sends, heartbeat sends, drops, heartbeat drops. */
  private readonly totals: Array<[Uint32Array, Uint32Array, Uint32Array, Uint32Array]>;

  constructor(private readonly timeline: Timeline) {
    const span = Math.max(1, timeline.end - timeline.start);
    this.bucketMs = Math.max(20, Math.ceil(span / 40_000));
    this.buckets = Math.ceil(span / this.bucketMs) + 1;
    const m = timeline.messages;
    const heartbeat = m.families.map((f) => f === 'heartbeat');
    const size = this.buckets + 1;
    this.totals = timeline.lanes.map(() => [
      new Uint32Array(size),
      new Uint32Array(size),
      new Uint32Array(size),
      new Uint32Array(size),
    ]);
    for (let i = 0; i < m.send.length; i++) {
      const lane = this.totals[m.from[i] as number];
      if (lane === undefined) continue;
      const b = this.bucketOf(m.send[i] as number) + 1;
      const beat = heartbeat[m.what[i] as number] === true;
      const dropped = m.outcome[i] !== 0;
      lane[0][b] = (lane[0][b] as number) + 1;
      if (beat) lane[1][b] = (lane[1][b] as number) + 1;
      if (dropped) lane[2][b] = (lane[2][b] as number) + 1;
      if (dropped && beat) lane[3][b] = (lane[3][b] as number) + 1;
    }
    for (const lane of this.totals) {
      for (const column of lane)
        for (let b = 1; b < size; b++)
          column[b] = (column[b] as number) + (column[b - 1] as number);
    }
  }

  private bucketOf(t: number): number {
    return Math.max(
      0,
      Math.min(this.buckets - 1, Math.floor((t - this.timeline.start) / this.bucketMs)),
    );
  }

  /** Messages `lane` sent between `from` and `to` (to the bucket), and how many of them were dropped. */
  count(lane: number, from: number, to: number, heartbeats: boolean): [number, number] {
    const totals = this.totals[lane];
    if (totals === undefined) return [0, 0];
    const a = this.bucketOf(from);
    const b = this.bucketOf(to);
    const range = (column: Uint32Array): number => (column[b] as number) - (column[a] as number);
    return [
      range(totals[0]) - (heartbeats ? 0 : range(totals[1])),
      range(totals[2]) - (heartbeats ? 0 : range(totals[3])),
    ];
  }
}

export function drawMessages(
  ctx: CanvasRenderingContext2D,
  timeline: Timeline,
  scale: Scale,
  rows: Rows,
  options: MessageOptions,
  density: MessageDensity,
): MessageDrawing {
  const m = timeline.messages;
  const [first, last] = messageWindow(m, scale.from, scale.to);
  const hidden = m.families.map((f) => f === 'heartbeat' && !options.heartbeats);
  const bucketTime = ((scale.to - scale.from) / Math.max(1, scale.x1 - scale.x0)) * BUCKET_PIXELS;
  // A window too long to walk message by message: count from the running totals.
  if (last - first > DETAIL_LIMIT * 8 && bucketTime >= density.bucketMs * 2) {
    return {
      shown: drawDensity(ctx, timeline, scale, rows, density, options.heartbeats),
      aggregated: true,
    };
  }
  const visible: number[] = [];
  let count = 0;
  const consider = (i: number): void => {
    if (
      (m.end[i] as number) < scale.from ||
      (m.send[i] as number) > scale.to ||
      hidden[m.what[i] as number] === true
    )
      return;
    count++;
    if (count <= DETAIL_LIMIT) visible.push(i);
  };
  for (let i = first; i < last; i++) consider(i);
  for (const i of m.stragglers) if (i < first) consider(i);
  // More messages than pixels: lines would only cover each other, so count them instead.
  if (count > DETAIL_LIMIT || count > scale.x1 - scale.x0) {
    drawCounts(ctx, timeline, scale, rows, first, last, hidden);
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
    for (const i of group) path(ctx, m, i, scale, rows);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  drawDropCrosses(ctx, m, visible, scale, rows);
  if (options.highlight.length > 0) {
    ctx.strokeStyle = COLOURS.black;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    for (const i of options.highlight) path(ctx, m, i, scale, rows);
    ctx.stroke();
    ctx.lineWidth = 1;
  }
  return { shown: count, aggregated: false };
}

function path(
  ctx: CanvasRenderingContext2D,
  m: MessageTable,
  i: number,
  scale: Scale,
  rows: Rows,
): void {
  const x1 = xOf(scale, m.send[i] as number);
  const y1 = rows.laneY[m.from[i] as number] ?? 0;
  const x2 = xOf(scale, m.end[i] as number);
  const y2 = endY(m, i, rows);
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  const length = Math.hypot(x2 - x1, y2 - y1);
  if (m.outcome[i] !== 0 || length < 12) return;
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

function drawDropCrosses(
  ctx: CanvasRenderingContext2D,
  m: MessageTable,
  rowsToDraw: readonly number[],
  scale: Scale,
  rows: Rows,
): void {
  ctx.strokeStyle = COLOURS.vermillion;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (const i of rowsToDraw) {
    if (m.outcome[i] === 0 || m.outcome[i] === IN_FLIGHT) continue;
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

/** Bar height for `n` messages in a bucket, within `room` pixels. */
function barHeight(n: number, room: number): number {
  return Math.min(room, 1 + Math.log2(1 + n) * 1.6);
}

function laneBoxes(timeline: Timeline, rows: Rows): Array<{ bottom: number; room: number } | null> {
  const boxes: Array<{ bottom: number; room: number } | null> = timeline.lanes.map(() => null);
  for (const row of rows.rows)
    if (row.kind === 'lane') boxes[row.lane] = { bottom: row.y + row.h - 1, room: row.h / 2 - 3 };
  return boxes;
}

function bars(
  ctx: CanvasRenderingContext2D,
  x: number,
  box: { bottom: number; room: number },
  sent: number,
  dropped: number,
): void {
  if (sent > 0) {
    ctx.fillStyle = SENT_FILL;
    const h = barHeight(sent, box.room);
    ctx.fillRect(x, box.bottom - h, BUCKET_PIXELS - 0.5, h);
  }
  if (dropped > 0) {
    ctx.fillStyle = COLOURS.vermillion;
    ctx.fillRect(
      x,
      box.bottom - box.room * 2 + 2,
      BUCKET_PIXELS - 0.5,
      Math.min(barHeight(dropped, box.room), 4),
    );
  }
}

function drawDensity(
  ctx: CanvasRenderingContext2D,
  timeline: Timeline,
  scale: Scale,
  rows: Rows,
  density: MessageDensity,
  heartbeats: boolean,
): number {
  const buckets = Math.max(1, Math.ceil((scale.x1 - scale.x0) / BUCKET_PIXELS));
  const width = (scale.to - scale.from) / buckets;
  const boxes = laneBoxes(timeline, rows);
  let shown = 0;
  boxes.forEach((box, lane) => {
    if (box === null) return;
    for (let b = 0; b < buckets; b++) {
      const [sent, dropped] = density.count(
        lane,
        scale.from + b * width,
        scale.from + (b + 1) * width,
        heartbeats,
      );
      shown += sent;
      bars(ctx, scale.x0 + b * BUCKET_PIXELS, box, sent, dropped);
    }
  });
  return shown;
}

function drawCounts(
  ctx: CanvasRenderingContext2D,
  timeline: Timeline,
  scale: Scale,
  rows: Rows,
  first: number,
  last: number,
  hidden: boolean[],
): void {
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
    const cell =
      (m.from[i] as number) * buckets +
      Math.min(buckets - 1, Math.floor(((t - scale.from) / width) * buckets));
    sent[cell] = (sent[cell] as number) + 1;
    if (m.outcome[i] !== 0) dropped[cell] = (dropped[cell] as number) + 1;
  }
  laneBoxes(timeline, rows).forEach((box, lane) => {
    if (box === null) return;
    for (let b = 0; b < buckets; b++)
      bars(
        ctx,
        scale.x0 + b * BUCKET_PIXELS,
        box,
        sent[lane * buckets + b] as number,
        dropped[lane * buckets + b] as number,
      );
  });
}
