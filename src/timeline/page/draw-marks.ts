/**
 * Builds the SVG markup of the timeline's sparse marks for the visible window: the time axis
 * with the transcript's section flags, loss and duplication, lane and region labels, each
 * server's role bars (leader bars carry their term), starts, stops, crashes and snapshots,
 * partitions, client requests with their paths, the ACL rows (writes, copies arriving, failed
 * replication rounds, back-off) and the cursor. Only what is inside the window is built; role
 * bars, requests and ACL marks go to the canvas instead (./dense-marks.ts) when too many are in
 * view, so a long run stays quick. Every mark carries data attributes naming what it shows (the
 * end-to-end tests read them) and a title saying it in words.
 */
import type { Timeline } from '../model.js';
import { firstAfter, firstAtOrAfter } from '../search.js';
import { AXIS_HEIGHT, LABEL_WIDTH, type Rows, type Scale, ticks, xOf } from './geometry.js';
import { esc, formatTime } from './format.js';
import { COLOURS } from './palette.js';

export interface MarksInput {
  readonly timeline: Timeline;
  readonly scale: Scale;
  readonly rows: Rows;
  readonly width: number;
  readonly selectedLane: number;
  readonly selectedRequest: string | null;
  /** Categories with too many marks in view for SVG: ./dense-marks.ts draws them on the canvas. */
  readonly dense: DenseCategories;
}

export interface DenseCategories {
  readonly roles: boolean;
  readonly requests: boolean;
  readonly acl: boolean;
}

/** Requests in view above which they are drawn as ticks on the canvas instead of SVG paths. */
export const REQUEST_PATH_LIMIT = 150;
/** ACL marks in view above which they are drawn on the canvas. */
export const ACL_SVG_LIMIT = 500;
/** Role spans in view above which they are drawn on the canvas. */
export const ROLE_SVG_LIMIT = 500;

export const SVG_DEFS = `<defs>
<pattern id="hatch-down" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e6e6e6"/><line x1="0" y1="0" x2="0" y2="6" stroke="${COLOURS.grey}" stroke-width="2"/></pattern>
<pattern id="hatch-partition" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><line x1="0" y1="0" x2="0" y2="7" stroke="${COLOURS.vermillion}" stroke-width="2" stroke-opacity="0.75"/></pattern>
<pattern id="hatch-backoff" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${COLOURS.yellow}" fill-opacity="0.45"/><line x1="0" y1="0" x2="0" y2="6" stroke="${COLOURS.orange}" stroke-width="1.5"/></pattern>
<pattern id="hatch-dup" width="6" height="6" patternUnits="userSpaceOnUse"><circle cx="3" cy="3" r="1.2" fill="${COLOURS.purple}"/></pattern>
</defs>`;

function visible(scale: Scale, from: number, to: number): boolean {
  return to >= scale.from && from <= scale.to;
}

/** A horizontal span clipped to the plot: [x, width]. */
function clip(scale: Scale, from: number, to: number): [number, number] {
  const a = Math.max(scale.x0, xOf(scale, from));
  const b = Math.min(scale.x1, xOf(scale, to));
  return [a, Math.max(1, b - a)];
}

const r1 = (n: number): string => (Math.round(n * 10) / 10).toString();

/**
 * The SVG markup of the marks (not the lane names, see `laneLabels`, nor the cursor, see
 * `cursorMarks`). The scale may reach past the plot on both sides: the page then slides the marks
 * sideways while panning instead of building them again.
 */
export function buildMarks(input: MarksInput): string {
  const out: string[] = [SVG_DEFS];
  out.push(axis(input));
  out.push(networkRow(input));
  if (!input.dense.roles) out.push(roleBars(input));
  out.push(partitions(input));
  out.push(lifeMarks(input));
  if (!input.dense.requests) out.push(requests(input));
  if (!input.dense.acl) out.push(aclRows(input));
  return out.join('');
}

/** The lane and region names over a white column at the left, above the marks. */
export function laneLabels(input: Pick<MarksInput, 'timeline' | 'rows' | 'selectedLane'>): string {
  return labels(input);
}

/** The cursor: a line across the plot and a handle on the axis. */
export function cursorMarks(scale: Scale, rows: Rows, cursor: number): string {
  const x = xOf(scale, cursor);
  if (x < scale.x0 - 1 || x > scale.x1 + 1) return '';
  return `<g class="cursor" data-t="${cursor}" pointer-events="none"><line x1="${r1(x)}" x2="${r1(x)}" y1="${AXIS_HEIGHT - 8}" y2="${rows.height}" stroke="${COLOURS.black}" stroke-width="1.5"/><path d="M${r1(x - 5)},${AXIS_HEIGHT - 12}h10l-5,6z" fill="${COLOURS.black}"/></g>`;
}

function axis({ timeline, scale, rows }: MarksInput): string {
  const out: string[] = ['<g class="axis">'];
  for (const t of ticks(scale)) {
    const x = r1(xOf(scale, t));
    out.push(
      `<line x1="${x}" x2="${x}" y1="${AXIS_HEIGHT - 6}" y2="${rows.height}" stroke="#ececec"/>`,
    );
    const anchor =
      xOf(scale, t) - scale.x0 < 24 ? 'start' : scale.x1 - xOf(scale, t) < 24 ? 'end' : 'middle';
    out.push(
      `<text x="${x}" y="11" text-anchor="${anchor}" class="tick">${esc(formatTime(t))}</text>`,
    );
  }
  // Transcript sections (## headings) as flags on the axis.
  for (const line of timeline.transcript) {
    if (!line.text.startsWith('## ') || !visible(scale, line.t, line.t)) continue;
    const x = r1(xOf(scale, line.t));
    out.push(
      `<g class="step-flag" data-t="${line.t}"><title>${esc(line.text.slice(3))} (${esc(formatTime(line.t))})</title><path d="M${x},${AXIS_HEIGHT - 14}v12M${x},${AXIS_HEIGHT - 14}h7l-2,3l2,3h-7" stroke="${COLOURS.purple}" fill="${COLOURS.purple}"/></g>`,
    );
  }
  out.push('</g>');
  return out.join('');
}

function networkRow({ timeline, scale, rows }: MarksInput): string {
  const row = rows.rows.find((r) => r.kind === 'network');
  if (row === undefined) return '';
  const out: string[] = [];
  for (const span of timeline.network) {
    if (!visible(scale, span.from, span.to)) continue;
    const [x, w] = clip(scale, span.from, span.to);
    const fill = span.what === 'loss' ? COLOURS.yellow : 'url(#hatch-dup)';
    const label = `${span.what} ${Math.round(span.value * 100)}%`;
    out.push(
      `<g class="network-span" data-what="${span.what}" data-from="${span.from}" data-to="${span.to}"><title>${esc(label)} from ${esc(formatTime(span.from))} to ${esc(formatTime(span.to))}</title>`,
    );
    out.push(
      `<rect x="${r1(x)}" y="${row.y + (span.what === 'loss' ? 1 : 7)}" width="${r1(w)}" height="6" fill="${fill}" stroke="${span.what === 'loss' ? COLOURS.orange : COLOURS.purple}" stroke-width="0.5"/>`,
    );
    if (w > 50)
      out.push(`<text x="${r1(x + 3)}" y="${row.y + 11}" class="small">${esc(label)}</text>`);
    out.push('</g>');
  }
  return out.join('');
}

function partitions({ timeline, scale, rows }: MarksInput): string {
  const out: string[] = [];
  for (const p of timeline.partitions) {
    if (!visible(scale, p.from, p.to)) continue;
    const [x, w] = clip(scale, p.from, p.to);
    const side =
      p.sides[0].length <= p.sides[1].length || p.sides[1].length === 0 ? p.sides[0] : p.sides[1];
    const title = `partition #${p.id}${p.oneWay ? ' (one way)' : ''}: ${p.names[0].join(' ')} | ${p.names[1].join(' ')}, ${formatTime(p.from)} to ${formatTime(p.to)}`;
    out.push(
      `<g class="partition" data-id="${p.id}" data-from="${p.from}" data-to="${p.to}"><title>${esc(title)}</title>`,
    );
    for (const lane of side) {
      const row = rows.rows.find((r) => r.kind === 'lane' && r.lane === lane);
      if (row === undefined) continue;
      out.push(
        `<rect x="${r1(x)}" y="${row.y + 1}" width="${r1(w)}" height="${row.h - 2}" fill="url(#hatch-partition)" stroke="${COLOURS.vermillion}" stroke-width="1"/>`,
      );
    }
    out.push('</g>');
  }
  return out.join('');
}

function roleBars({ timeline, scale, rows }: MarksInput): string {
  const out: string[] = ['<g class="roles">'];
  for (const span of timeline.roles) {
    if (!visible(scale, span.from, span.to)) continue;
    const y = rows.laneY[span.lane];
    if (y === undefined || y < 0) continue;
    const [x, w] = clip(scale, span.from, span.to);
    const lane = timeline.lanes[span.lane]?.id ?? '';
    const fill =
      span.role === 'leader'
        ? COLOURS.blue
        : span.role === 'candidate'
          ? COLOURS.orange
          : span.role === 'down'
            ? 'url(#hatch-down)'
            : '#cfe8f7';
    const title = `${lane}: ${span.role === 'down' ? 'down' : `${span.role}, term ${span.term}`} from ${formatTime(span.from)} to ${formatTime(span.to)}`;
    out.push(
      `<rect class="role role-${span.role}" data-lane="${esc(lane)}" data-term="${span.term}" data-from="${span.from}" data-to="${span.to}" x="${r1(x)}" y="${r1(y - 6)}" width="${r1(w)}" height="12" fill="${fill}"${span.role === 'follower' ? ` stroke="${COLOURS.skyBlue}" stroke-width="0.6"` : ''}><title>${esc(title)}</title></rect>`,
    );
    if (span.role === 'leader') {
      const label = w > 70 ? `★ leader · term ${span.term}` : w > 22 ? `★${span.term}` : '';
      if (label !== '')
        out.push(`<text x="${r1(x + 3)}" y="${r1(y + 4)}" class="on-dark">${esc(label)}</text>`);
    } else if (span.role === 'candidate' && w > 22) {
      out.push(`<text x="${r1(x + 2)}" y="${r1(y + 4)}" class="small">?${span.term}</text>`);
    }
  }
  out.push('</g>');
  return out.join('');
}

function lifeMarks({ timeline, scale, rows }: MarksInput): string {
  const out: string[] = ['<g class="life">'];
  for (const e of timeline.life) {
    if (!visible(scale, e.t, e.t)) continue;
    const y = rows.laneY[e.lane] ?? -1;
    if (y < 0) continue;
    const x = xOf(scale, e.t);
    const lane = esc(timeline.lanes[e.lane]?.id ?? '');
    const title = `<title>${lane} ${e.what === 'start' ? 'started' : e.what === 'crash' ? 'crashed' : 'stopped'} at ${esc(formatTime(e.t))}</title>`;
    const shape =
      e.what === 'crash'
        ? `<path d="M${r1(x - 5)},${r1(y - 11)}l10,10m0,-10l-10,10" stroke="${COLOURS.vermillion}" stroke-width="2.5"/>`
        : e.what === 'stop'
          ? `<rect x="${r1(x - 4)}" y="${r1(y - 10)}" width="8" height="8" fill="${COLOURS.black}"/>`
          : `<path d="M${r1(x)},${r1(y - 11)}l5,9h-10z" fill="${COLOURS.green}"/>`;
    out.push(`<g class="life-${e.what}" data-lane="${lane}" data-t="${e.t}">${title}${shape}</g>`);
  }
  for (const s of timeline.snapshots) {
    if (!visible(scale, s.t, s.t)) continue;
    const y = rows.laneY[s.lane] ?? -1;
    const x = xOf(scale, s.t);
    const lane = esc(timeline.lanes[s.lane]?.id ?? '');
    out.push(
      `<g class="snapshot" data-lane="${lane}" data-t="${s.t}" data-index="${s.index}"><title>${lane}: snapshot ${s.how} at index ${s.index} (term ${s.term}), ${esc(formatTime(s.t))}</title><path d="M${r1(x)},${r1(y + 2)}l5,5l-5,5l-5,-5z" fill="${COLOURS.purple}" stroke="${COLOURS.black}" stroke-width="0.5"/></g>`,
    );
  }
  out.push('</g>');
  return out.join('');
}

function requests({ timeline, scale, rows, selectedRequest }: MarksInput): string {
  const all = timeline.requests;
  // Requests are in the order they were sent; one lasting longer than a window may start before it.
  const first = firstAtOrAfter(all.length, (i) => all[i]?.t ?? 0, scale.from - 60_000);
  const last = firstAfter(all.length, (i) => all[i]?.t ?? 0, scale.to);
  const inView = [];
  for (let i = first; i < last; i++) {
    const r = all[i];
    if (r !== undefined && visible(scale, r.t, r.end ?? r.t)) inView.push(r);
  }
  const out: string[] = ['<g class="requests">'];
  const m = timeline.messages;
  const laneId = (lane: number): string => timeline.lanes[lane]?.id ?? '';
  for (const r of inView) {
    const ok = r.status === 200;
    const attrs = `data-request="${esc(r.id)}" data-operation="${esc(r.operation)}" data-origin="${esc(laneId(r.origin))}" data-entry="${esc(laneId(r.entry))}" data-exec="${esc(laneId(r.exec))}" data-t="${r.t}" data-end="${r.end ?? ''}" data-status="${r.status ?? ''}"`;
    const title = `<title>${esc(r.id)} ${esc(r.operation)}: ${esc(laneId(r.entry))}${r.exec >= 0 && r.exec !== r.entry ? ` → ${esc(laneId(r.exec))}` : ''}, ${r.status === null ? 'no response' : `${r.status}${r.error === null ? '' : ` ${esc(r.error)}`}`} (${esc(formatTime(r.t))})</title>`;
    const start = r.origin >= 0 ? r.origin : r.entry;
    const points: Array<[number, number]> = [[r.t, start]];
    if (start !== r.entry) points.push([r.t, r.entry]);
    for (const hop of r.hops)
      points.push(
        [m.send[hop] as number, m.from[hop] as number],
        [m.end[hop] as number, m.to[hop] as number],
      );
    const back = r.end ?? r.t;
    // Forwarded along a route the trace does not show: straight to the executor, half way.
    if (r.exec >= 0 && r.hops.length === 0 && r.exec !== r.entry)
      points.push([(r.t + back) / 2, r.exec]);
    const executed = points[points.length - 1] as [number, number];
    if (r.end !== null) points.push([back, start]);
    const d = points
      .map(
        ([t, lane], i) => `${i === 0 ? 'M' : 'L'}${r1(xOf(scale, t))},${r1(rows.laneY[lane] ?? 0)}`,
      )
      .join('');
    const selected = r.id === selectedRequest;
    const colour = ok ? COLOURS.black : COLOURS.vermillion;
    const xs = r1(xOf(scale, r.t));
    const xe = r1(xOf(scale, executed[0]));
    out.push(
      `<g class="request path${selected ? ' selected' : ''}" ${attrs}>${title}<path d="${d}" fill="none" stroke="${colour}" stroke-width="${selected ? 3 : 1.6}"${ok ? '' : ' stroke-dasharray="4 2"'}/>` +
        `<circle cx="${xs}" cy="${r1(rows.laneY[r.entry] ?? 0)}" r="3" fill="#fff" stroke="${colour}" stroke-width="1.5"/>` +
        (r.exec >= 0
          ? `<circle class="exec" cx="${xe}" cy="${r1(rows.laneY[r.exec] ?? 0)}" r="3.2" fill="${colour}"/>`
          : '') +
        '</g>',
    );
  }
  out.push('</g>');
  return out.join('');
}

function aclRows({ timeline, scale, rows }: MarksInput): string {
  const out: string[] = ['<g class="acl">'];
  const acl = timeline.acl;
  for (const b of acl.backOffs) {
    const y = rows.aclY.get(b.region);
    if (y === undefined || !visible(scale, b.from, b.to)) continue;
    const [x, w] = clip(scale, b.from, b.to);
    const yy = b.what === 'policies' ? y - 8 : y;
    out.push(
      `<rect class="acl-backoff" data-region="${esc(b.region)}" data-what="${b.what}" data-from="${b.from}" data-to="${b.to}" x="${r1(x)}" y="${r1(yy)}" width="${r1(w)}" height="8" fill="url(#hatch-backoff)"><title>${esc(b.region)} ${b.what} replication backing off after: ${esc(b.error)} (${esc(formatTime(b.from))} to ${esc(formatTime(b.to))})</title></rect>`,
    );
  }
  for (const w of acl.writes) {
    const y = rows.aclY.get(w.region);
    if (y === undefined || !visible(scale, w.t, w.t)) continue;
    const x = xOf(scale, w.t);
    out.push(
      `<g class="acl-write" data-region="${esc(w.region)}" data-t="${w.t}" data-index="${w.index}" data-request="${esc(w.request)}"><title>ACL write ${esc(w.operation)} in ${esc(w.region)}, index ${w.index} (${esc(formatTime(w.t))})</title><path d="M${r1(x)},${r1(y - 6)}l5,6l-5,6l-5,-6z" fill="${COLOURS.blue}"/></g>`,
    );
  }
  for (const o of acl.objects) {
    for (const v of o.versions) {
      for (const a of v.arrivals) {
        const y = rows.aclY.get(a.region);
        if (y === undefined || !visible(scale, a.t, a.t)) continue;
        const x = xOf(scale, a.t);
        const lag = v.written === null ? '' : `, ${a.t - v.written} ms after the write`;
        const label = `${o.what === 'policies' ? 'policy' : 'token'} ${o.id} ${v.action === 'delete' ? 'deleted' : `(index ${v.index})`} arrived in ${a.region} at ${formatTime(a.t)}${lag}`;
        const shape =
          v.action === 'delete'
            ? `<circle cx="${r1(x)}" cy="${r1(y)}" r="4" fill="#fff" stroke="${COLOURS.green}" stroke-width="2"/>`
            : `<circle cx="${r1(x)}" cy="${r1(y)}" r="4" fill="${COLOURS.green}"/>`;
        out.push(
          `<g class="acl-arrival" data-object="${esc(o.id)}" data-what="${o.what}" data-action="${v.action}" data-index="${v.index}" data-region="${esc(a.region)}" data-t="${a.t}" data-cx="${r1(x)}"><title>${esc(label)}</title>${shape}</g>`,
        );
        if (v.written !== null) {
          const wy = acl.authoritative === null ? undefined : rows.aclY.get(acl.authoritative);
          if (wy !== undefined)
            out.push(
              `<line class="acl-lag" x1="${r1(xOf(scale, v.written))}" y1="${r1(wy)}" x2="${r1(x)}" y2="${r1(y)}" stroke="${COLOURS.green}" stroke-opacity="0.5" stroke-dasharray="2 2"/>`,
            );
        }
      }
    }
  }
  for (const round of acl.rounds) {
    if (round.error === null || !visible(scale, round.t, round.t)) continue;
    const y = rows.aclY.get(round.region);
    if (y === undefined) continue;
    const x = xOf(scale, round.t);
    out.push(
      `<g class="acl-error" data-region="${esc(round.region)}" data-what="${round.what}" data-t="${round.t}"><title>${esc(round.region)}: ${round.what} replication failed at ${esc(formatTime(round.t))}: ${esc(round.error)}</title><path d="M${r1(x)},${r1(y - 7)}l6,11h-12z" fill="${COLOURS.vermillion}"/></g>`,
    );
  }
  out.push('</g>');
  return out.join('');
}

function labels({
  timeline,
  rows,
  selectedLane,
}: Pick<MarksInput, 'timeline' | 'rows' | 'selectedLane'>): string {
  const out: string[] = [
    `<rect x="0" y="0" width="${LABEL_WIDTH - 4}" height="${rows.height}" fill="#fff" fill-opacity="0.92"/>`,
  ];
  for (const row of rows.rows) {
    if (row.kind === 'network')
      out.push(`<text x="6" y="${row.y + 11}" class="small">network faults</text>`);
    if (row.kind === 'region') {
      const auth = timeline.acl.authoritative === row.region ? ' · authoritative' : '';
      out.push(
        `<text x="6" y="${row.y + 13}" class="region-label" data-region="${esc(row.region)}">${esc(row.region)}${auth}</text>`,
      );
    } else if (row.kind === 'lane') {
      const lane = timeline.lanes[row.lane];
      if (lane === undefined) continue;
      const selected = row.lane === selectedLane;
      out.push(
        `<text class="lane-label${selected ? ' selected' : ''}" data-lane="${esc(lane.id)}" data-kind="${lane.kind}" x="${lane.region === null ? 6 : 16}" y="${row.y + row.h / 2 + 4}">${esc(lane.name)}${lane.kind === 'client' ? ' (client)' : ''}</text>`,
      );
    } else if (row.kind === 'acl-header') {
      out.push(`<text x="6" y="${row.y + 13}" class="region-label">ACL replication</text>`);
    } else if (row.kind === 'acl') {
      out.push(
        `<text x="16" y="${row.y + row.h / 2 + 4}" class="lane-label" data-acl-row="${esc(row.region)}">${esc(row.region)}</text>`,
      );
    }
  }
  out.push(
    `<line x1="${LABEL_WIDTH - 4}" x2="${LABEL_WIDTH - 4}" y1="0" y2="${rows.height}" stroke="#ccc"/>`,
  );
  return out.join('');
}
