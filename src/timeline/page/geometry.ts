/**
 * Where things go on the timeline: the time scale of the visible window (virtual ms to pixels
 * and back, with tick marks at round times) and the rows from top to bottom — the time axis, the
 * network row (loss and duplication), lanes outside every region, each region's header and lanes,
 * then one ACL row per region.
 */
import type { Timeline } from '../model.js';

/** Width of the lane-name column at the left of the plot. */
export const LABEL_WIDTH = 150;

export interface Scale {
  readonly from: number;
  readonly to: number;
  readonly x0: number;
  readonly x1: number;
}

export function xOf(scale: Scale, t: number): number {
  return scale.x0 + ((t - scale.from) * (scale.x1 - scale.x0)) / (scale.to - scale.from);
}

export function tOf(scale: Scale, x: number): number {
  return scale.from + ((x - scale.x0) * (scale.to - scale.from)) / (scale.x1 - scale.x0);
}

/** Round tick times inside the scale's window, at least `minGap` pixels apart. */
export function ticks(scale: Scale, minGap = 90): number[] {
  const msPerPixel = (scale.to - scale.from) / Math.max(1, scale.x1 - scale.x0);
  const wanted = msPerPixel * minGap;
  let step = Number.POSITIVE_INFINITY;
  for (const base of [1, 2, 5]) {
    let s = base;
    while (s < wanted) s *= 10;
    step = Math.min(step, s);
  }
  const out: number[] = [];
  for (let t = Math.ceil(scale.from / step) * step; t <= scale.to; t += step) out.push(t);
  return out;
}

export type Row =
  | { readonly kind: 'axis'; readonly y: number; readonly h: number }
  | { readonly kind: 'network'; readonly y: number; readonly h: number }
  | { readonly kind: 'region'; readonly y: number; readonly h: number; readonly region: string }
  | { readonly kind: 'lane'; readonly y: number; readonly h: number; readonly lane: number }
  | { readonly kind: 'acl-header'; readonly y: number; readonly h: number }
  | { readonly kind: 'acl'; readonly y: number; readonly h: number; readonly region: string };

export interface Rows {
  readonly rows: Row[];
  /** Vertical centre of each lane. */
  readonly laneY: number[];
  readonly aclY: Map<string, number>;
  readonly height: number;
}

export const AXIS_HEIGHT = 28;
const NETWORK_HEIGHT = 14;
const REGION_HEIGHT = 18;
const SERVER_HEIGHT = 26;
const MAX_SERVER_HEIGHT = 44;
/** The role bars are 12 px high: a lane needs a little more. */
const MIN_SERVER_HEIGHT = 16;
const OTHER_HEIGHT = 18;
const ACL_HEIGHT = 20;

/**
 * The rows for `timeline`. Server lanes grow (up to MAX_SERVER_HEIGHT) to fill `available`
 * pixels of height, so a small federation uses the screen; they shrink down to `minServerHeight`
 * (at least the role bars' height) before the plot needs scrolling.
 */
export function layoutRows(
  timeline: Timeline,
  available = 0,
  minServerHeight = SERVER_HEIGHT,
): Rows {
  const base = measure(timeline, SERVER_HEIGHT);
  const servers = timeline.lanes.filter((l) => l.kind === 'server').length;
  const fitted =
    servers === 0 ? SERVER_HEIGHT : Math.floor(SERVER_HEIGHT + (available - base.height) / servers);
  const least = Math.max(MIN_SERVER_HEIGHT, Math.min(SERVER_HEIGHT, minServerHeight));
  return measure(timeline, Math.max(least, Math.min(MAX_SERVER_HEIGHT, fitted)));
}

function measure(timeline: Timeline, serverHeight: number): Rows {
  const rows: Row[] = [];
  const laneY: number[] = new Array<number>(timeline.lanes.length).fill(-1);
  const aclY = new Map<string, number>();
  let y = 0;
  const push = (row: Row): void => {
    rows.push(row);
    y += row.h;
  };
  push({ kind: 'axis', y, h: AXIS_HEIGHT });
  push({ kind: 'network', y, h: NETWORK_HEIGHT });
  const lane = (index: number): void => {
    const h = timeline.lanes[index]?.kind === 'server' ? serverHeight : OTHER_HEIGHT;
    laneY[index] = y + h / 2;
    push({ kind: 'lane', y, h, lane: index });
  };
  timeline.lanes.forEach((l, index) => {
    if (l.region === null) lane(index);
  });
  for (const group of timeline.regions) {
    push({ kind: 'region', y, h: REGION_HEIGHT, region: group.name });
    for (const index of group.lanes) lane(index);
  }
  push({ kind: 'acl-header', y, h: REGION_HEIGHT });
  for (const group of timeline.regions) {
    aclY.set(group.name, y + ACL_HEIGHT / 2);
    push({ kind: 'acl', y, h: ACL_HEIGHT, region: group.name });
  }
  return { rows, laneY, aclY, height: y + 6 };
}

/** The row under vertical position `y`, or null. */
export function rowAt(rows: Rows, y: number): Row | null {
  return rows.rows.find((r) => y >= r.y && y < r.y + r.h) ?? null;
}
