/**
 * The canvas part of the timeline's marks: the row backgrounds (region headers, the selected
 * lane), and — when too many are in view for SVG elements — role bars, requests (a tick on the
 * lane that sent each) and ACL marks (writes, copies arriving, failed rounds, back-off). Marks
 * that would land on the same pixel of the same row are drawn once. Shapes and colours match the
 * SVG ones (./draw-marks.ts), so zooming in only changes what can be hovered and clicked.
 */
import type { RoleSpan, Timeline } from '../model.js';
import { firstAfter, firstAtOrAfter } from '../search.js';
import { LABEL_WIDTH, type Rows, type Scale, xOf } from './geometry.js';
import { COLOURS } from './palette.js';

/** Every ACL mark of the run in time order, for counting and drawing a window quickly. */
export interface AclMarks {
  readonly t: number[];
  readonly region: string[];
  readonly kind: Array<'write' | 'arrival' | 'delete' | 'error'>;
}

export function aclMarksOf(timeline: Timeline): AclMarks {
  const all: Array<{ t: number; region: string; kind: AclMarks['kind'][number] }> = [];
  for (const w of timeline.acl.writes) all.push({ t: w.t, region: w.region, kind: 'write' });
  for (const o of timeline.acl.objects)
    for (const v of o.versions)
      for (const a of v.arrivals)
        all.push({ t: a.t, region: a.region, kind: v.action === 'delete' ? 'delete' : 'arrival' });
  for (const r of timeline.acl.rounds)
    if (r.error !== null) all.push({ t: r.t, region: r.region, kind: 'error' });
  all.sort((a, b) => a.t - b.t);
  return { t: all.map((m) => m.t), region: all.map((m) => m.region), kind: all.map((m) => m.kind) };
}

/** How many ACL marks fall inside the window. */
export function aclMarksInView(marks: AclMarks, scale: Scale): number {
  const at = (i: number): number => marks.t[i] as number;
  return firstAfter(marks.t.length, at, scale.to) - firstAtOrAfter(marks.t.length, at, scale.from);
}

/** How many role spans overlap the window. */
export function roleSpansInView(timeline: Timeline, scale: Scale): number {
  let n = 0;
  for (const s of timeline.roles) if (s.to >= scale.from && s.from <= scale.to) n++;
  return n;
}

export function drawBackgrounds(
  ctx: CanvasRenderingContext2D,
  rows: Rows,
  width: number,
  selectedLane: number,
): void {
  for (const row of rows.rows) {
    if (row.kind === 'region' || row.kind === 'acl-header') {
      ctx.fillStyle = '#f3f3f3';
      ctx.fillRect(0, row.y, width, row.h);
    } else if (row.kind === 'lane' && row.lane === selectedLane) {
      ctx.fillStyle = '#fff6d5';
      ctx.fillRect(0, row.y, width, row.h);
    }
    if (row.kind === 'lane' || row.kind === 'acl') {
      ctx.fillStyle = '#e4e4e4';
      ctx.fillRect(LABEL_WIDTH, row.y + row.h - 1, width - LABEL_WIDTH, 1);
    }
  }
}

const ROLE_FILL: Record<RoleSpan['role'], string> = {
  leader: COLOURS.blue,
  candidate: COLOURS.orange,
  follower: '#cfe8f7',
  down: '#c8c8c8',
};

export function drawDenseRoles(
  ctx: CanvasRenderingContext2D,
  timeline: Timeline,
  scale: Scale,
  rows: Rows,
): void {
  for (const span of timeline.roles) {
    if (span.to < scale.from || span.from > scale.to) continue;
    const y = rows.laneY[span.lane] ?? -1;
    if (y < 0) continue;
    const a = Math.max(scale.x0, xOf(scale, span.from));
    const b = Math.min(scale.x1, xOf(scale, span.to));
    ctx.fillStyle = ROLE_FILL[span.role];
    ctx.fillRect(a, y - 6, Math.max(1, b - a), 12);
  }
}

export function drawDenseRequests(
  ctx: CanvasRenderingContext2D,
  timeline: Timeline,
  scale: Scale,
  rows: Rows,
): void {
  const all = timeline.requests;
  const first = firstAtOrAfter(all.length, (i) => all[i]?.t ?? 0, scale.from);
  const last = firstAfter(all.length, (i) => all[i]?.t ?? 0, scale.to);
  const drawn = new Map<number, number>();
  for (let i = first; i < last; i++) {
    const r = all[i];
    if (r === undefined) continue;
    const lane = r.origin >= 0 ? r.origin : r.entry;
    const x = Math.round(xOf(scale, r.t));
    const key = lane * 2 + (r.status === 200 ? 0 : 1);
    if (drawn.get(key) === x) continue;
    drawn.set(key, x);
    const y = rows.laneY[lane] ?? 0;
    ctx.fillStyle = r.status === 200 ? COLOURS.black : COLOURS.vermillion;
    ctx.fillRect(x, y - 7, 1, 14);
  }
}

export function drawDenseAcl(
  ctx: CanvasRenderingContext2D,
  timeline: Timeline,
  marks: AclMarks,
  scale: Scale,
  rows: Rows,
): void {
  ctx.fillStyle = 'rgba(240,228,66,0.6)';
  for (const b of timeline.acl.backOffs) {
    const y = rows.aclY.get(b.region);
    if (y === undefined || b.to < scale.from || b.from > scale.to) continue;
    const a = Math.max(scale.x0, xOf(scale, b.from));
    ctx.fillRect(
      a,
      b.what === 'policies' ? y - 8 : y,
      Math.max(1, Math.min(scale.x1, xOf(scale, b.to)) - a),
      8,
    );
  }
  const at = (i: number): number => marks.t[i] as number;
  const first = firstAtOrAfter(marks.t.length, at, scale.from);
  const last = firstAfter(marks.t.length, at, scale.to);
  const drawn = new Map<string, number>();
  for (let i = first; i < last; i++) {
    const region = marks.region[i] as string;
    const kind = marks.kind[i] as AclMarks['kind'][number];
    const y = rows.aclY.get(region);
    if (y === undefined) continue;
    const x = Math.round(xOf(scale, at(i)));
    const key = `${region}|${kind}`;
    if (drawn.get(key) === x) continue;
    drawn.set(key, x);
    ctx.beginPath();
    if (kind === 'write') {
      ctx.fillStyle = COLOURS.blue;
      ctx.moveTo(x, y - 6);
      ctx.lineTo(x + 5, y);
      ctx.lineTo(x, y + 6);
      ctx.lineTo(x - 5, y);
      ctx.fill();
    } else if (kind === 'error') {
      ctx.fillStyle = COLOURS.vermillion;
      ctx.moveTo(x, y - 7);
      ctx.lineTo(x + 6, y + 4);
      ctx.lineTo(x - 6, y + 4);
      ctx.fill();
    } else {
      ctx.arc(x, y, 4, 0, Math.PI * 2);
      if (kind === 'arrival') {
        ctx.fillStyle = COLOURS.green;
        ctx.fill();
      } else {
        ctx.fillStyle = '#fff';
        ctx.fill();
        ctx.strokeStyle = COLOURS.green;
        ctx.lineWidth = 2;
        ctx.stroke();
        ctx.lineWidth = 1;
      }
    }
  }
}
