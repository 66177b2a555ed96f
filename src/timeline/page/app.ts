/**
 * The timeline page's controller: holds the view (visible window, cursor, selected server and
 * request, playback), draws it (messages on a canvas, the rest as SVG) once per animation frame
 * when something changed, keeps the side panels and the URL fragment in step, and maps mouse,
 * wheel and keyboard input to view changes. Playback moves the cursor at `speed` virtual ms per
 * real ms, following it with the window.
 */
import type { Timeline } from '../model.js';
import { nextNotable, notableTimes, previousNotable } from '../notable-times.js';
import { formatViewPosition, parseViewPosition } from '../view-position.js';
import {
  AXIS_HEIGHT,
  LABEL_WIDTH,
  layoutRows,
  rowAt,
  type Rows,
  type Scale,
  tOf,
} from './geometry.js';
import { drawMessages, MessageDensity } from './draw-messages.js';
import {
  ACL_SVG_LIMIT,
  buildMarks,
  cursorMarks,
  laneLabels,
  REQUEST_PATH_LIMIT,
  ROLE_SVG_LIMIT,
  type DenseCategories,
} from './draw-marks.js';
import {
  aclMarksInView,
  aclMarksOf,
  drawBackgrounds,
  drawDenseAcl,
  drawDenseRequests,
  drawDenseRoles,
  roleSpansInView,
  type AclMarks,
} from './dense-marks.js';
import { roleAt } from '../server-state.js';
import { firstAfter, firstAtOrAfter } from '../search.js';
import { TranscriptPanel } from './transcript-panel.js';
import { renderServerPanel } from './server-panel.js';
import { AclPanel } from './acl-panel.js';
import { esc, formatDuration, formatTime } from './format.js';

export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 100, 300];
const MIN_WINDOW_MS = 5;
const HASH_INTERVAL_MS = 300;
const RIGHT_MARGIN = 12;

type Tab = 'transcript' | 'server' | 'acl' | 'legend';

function element<T extends HTMLElement | SVGElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found as unknown as T;
}

export class TimelineApp {
  private from: number;
  private to: number;
  private cursor: number;
  private selectedLane = -1;
  private selectedRequest: string | null = null;
  private playing = false;
  private speed = 1;
  private heartbeats = true;
  private tab: Tab = 'transcript';
  private timeline: Timeline;
  private notable: number[];
  private rows: Rows;
  private density: MessageDensity;
  private aclMarks: AclMarks;
  /** What the plot was last drawn for: it is drawn again only when this changes. */
  private drawnView = '';
  /** The plot's width in pixels, read again after a resize (reading it forces a layout). */
  private width: number | null = null;
  private drawnCursor = '';
  private panelsAt = Number.NaN;
  /** The server and moment the Server tab shows ('' when it must be drawn again). */
  private drawnServer = '';
  private frameRequested = false;
  private lastFrame: number | null = null;
  private lastHash = '';
  private lastHashWrite = 0;
  private followTranscript = true;

  private readonly plot = element('plot');
  private readonly canvas = element<HTMLCanvasElement>('messages');
  private readonly svg = element<SVGSVGElement>('marks');
  private readonly svgBody = element<SVGGElement>('marks-body');
  private readonly svgLabels = element<SVGGElement>('marks-labels');
  /**
   * What the SVG marks were built for: a window one plot-width wider on each side than the one
   * shown then (`from`), at `msPerPixel`. A pan at the same zoom inside it only slides them.
   */
  private built: {
    key: string;
    msPerPixel: number;
    from: number;
    extFrom: number;
    extTo: number;
    wide: boolean;
    dense: DenseCategories;
  } | null = null;
  private readonly svgCursor = element<SVGGElement>('marks-cursor');
  private readonly status = element('status');
  private readonly clock = element('clock');
  private readonly playButton = element<HTMLButtonElement>('play');
  private readonly speedSelect = element<HTMLSelectElement>('speed');
  private readonly heartbeatBox = element<HTMLInputElement>('heartbeats');
  private readonly announcer = element('announce');
  private readonly transcript: TranscriptPanel;
  private readonly acl: AclPanel;

  /**
   * `pageName` ends the document's title (`<run> — nomad-sim <pageName>`); server lanes shrink to
   * `minServerHeight` pixels before the plot scrolls (a page that shares the screen wants less).
   */
  constructor(
    timeline: Timeline,
    private readonly options: {
      readonly pageName?: string;
      readonly minServerHeight?: number;
    } = {},
  ) {
    this.timeline = timeline;
    this.from = timeline.start;
    this.to = Math.max(timeline.end, timeline.start + MIN_WINDOW_MS);
    this.cursor = timeline.start;
    this.notable = notableTimes(timeline);
    this.rows = this.layout();
    this.density = new MessageDensity(timeline);
    this.aclMarks = aclMarksOf(timeline);
    this.showTitle();
    this.transcript = new TranscriptPanel(element('panel-transcript'), timeline.transcript, (t) =>
      this.jump(t, true),
    );
    this.acl = new AclPanel(element('panel-acl'), timeline, (t) => this.jump(t, true));
    this.speedSelect.innerHTML = SPEEDS.map(
      (s) => `<option value="${s}"${s === 1 ? ' selected' : ''}>${s}×</option>`,
    ).join('');
    this.bindControls();
    this.bindPlot();
    this.bindKeys();
    this.selectTab(timeline.transcript.length > 0 ? 'transcript' : 'acl');
    this.applyHash(location.hash);
    window.addEventListener('hashchange', () => {
      if (location.hash.replace(/^#/, '') !== this.lastHash) this.applyHash(location.hash);
    });
    window.addEventListener('resize', () => this.relayout());
    this.invalidate();
  }

  private showTitle(): void {
    element('title').textContent = this.timeline.title;
    document.title = `${this.timeline.title} — nomad-sim ${this.options.pageName ?? 'timeline'}`;
  }

  /** The timeline shown (the latest, on a live page). */
  get shown(): Timeline {
    return this.timeline;
  }

  private layout(): Rows {
    return layoutRows(
      this.timeline,
      element('timeline-section').clientHeight,
      this.options.minServerHeight,
    );
  }

  /** Lays the rows out again for the plot's size (after a resize, or a page moving things around). */
  relayout(): void {
    this.width = null;
    this.rows = this.layout();
    this.invalidate();
  }

  /**
   * Shows `timeline` instead: the same run, further on (the playground's live timeline). A view of
   * the whole run keeps showing the whole run, a view reaching the end keeps reaching it (at the
   * same zoom), and a cursor at the end stays at the end; the selected server and request stay
   * selected.
   */
  replace(timeline: Timeline): void {
    const before = this.timeline;
    const whole = this.from <= before.start && this.to >= before.end;
    const reachedEnd = this.to >= before.end;
    const cursorAtEnd = this.cursor >= before.end;
    const selected = before.lanes[this.selectedLane]?.id;
    this.timeline = timeline;
    this.notable = notableTimes(timeline);
    this.density = new MessageDensity(timeline);
    this.aclMarks = aclMarksOf(timeline);
    this.selectedLane =
      selected === undefined ? -1 : timeline.lanes.findIndex((l) => l.id === selected);
    this.showTitle();
    this.transcript.show(timeline.transcript);
    this.acl.show(timeline);
    this.built = null;
    this.drawnView = '';
    this.drawnCursor = '';
    this.panelsAt = Number.NaN;
    this.drawnServer = '';
    this.relayout();
    if (whole) this.fit();
    else if (reachedEnd) {
      const width = this.to - this.from;
      this.setWindow(timeline.end - width * 0.95, timeline.end + width * 0.05);
    }
    if (cursorAtEnd) this.cursor = timeline.end;
    this.cursor = this.clampCursor(this.cursor);
    this.invalidate();
  }

  // --- view changes --------------------------------------------------------------------------

  private plotWidth(): number {
    this.width ??= this.plot.clientWidth;
    return this.width;
  }

  private scale(): Scale {
    const width = this.plotWidth();
    return {
      from: this.from,
      to: this.to,
      x0: LABEL_WIDTH + 10,
      x1: Math.max(LABEL_WIDTH + 20, width - RIGHT_MARGIN),
    };
  }

  private clampCursor(t: number): number {
    return Math.min(this.timeline.end, Math.max(this.timeline.start, t));
  }

  /** Sets the window, keeping it inside the run (with a little room) and at least MIN_WINDOW_MS wide. */
  private setWindow(from: number, to: number): void {
    const span = this.timeline.end - this.timeline.start;
    const room = Math.max(span * 0.02, 50);
    let width = Math.max(MIN_WINDOW_MS, Math.min(to - from, span + 2 * room));
    if (!Number.isFinite(width)) width = span;
    let start = from;
    start = Math.max(this.timeline.start - room, Math.min(start, this.timeline.end + room - width));
    this.from = start;
    this.to = start + width;
    this.invalidate();
  }

  private zoom(factor: number, around: number): void {
    const from = around - (around - this.from) * factor;
    const to = around + (this.to - around) * factor;
    this.setWindow(from, to);
  }

  private pan(fraction: number): void {
    const shift = (this.to - this.from) * fraction;
    this.setWindow(this.from + shift, this.to + shift);
  }

  fit(): void {
    this.setWindow(
      this.timeline.start,
      Math.max(this.timeline.end, this.timeline.start + MIN_WINDOW_MS),
    );
  }

  /** Moves the cursor; with `reveal`, moves the window too when the cursor would be outside it. */
  jump(t: number, reveal: boolean): void {
    this.cursor = this.clampCursor(t);
    if (reveal && (this.cursor < this.from || this.cursor > this.to)) {
      const width = this.to - this.from;
      this.setWindow(this.cursor - width * 0.3, this.cursor + width * 0.7);
    }
    this.invalidate();
  }

  private step(direction: 1 | -1): void {
    const t =
      direction === 1
        ? nextNotable(this.notable, this.cursor)
        : previousNotable(this.notable, this.cursor);
    if (t === null) return;
    this.jump(t, true);
    this.announce(`${formatTime(t)}: ${this.describeMoment(t)}`);
  }

  private selectLane(lane: number): void {
    this.selectedLane = lane;
    if (lane >= 0) this.selectTab('server');
    this.invalidate();
  }

  private moveSelection(direction: 1 | -1): void {
    const servers = this.timeline.lanes
      .map((l, i) => (l.kind === 'server' ? i : -1))
      .filter((i) => i >= 0);
    if (servers.length === 0) return;
    const at = servers.indexOf(this.selectedLane);
    const next =
      at < 0
        ? direction === 1
          ? 0
          : servers.length - 1
        : (at + direction + servers.length) % servers.length;
    this.selectLane(servers[next] as number);
    this.announce(`${this.timeline.lanes[servers[next] as number]?.id ?? ''} selected`);
  }

  setPlaying(playing: boolean): void {
    if (playing && this.cursor >= this.timeline.end) this.cursor = this.timeline.start;
    this.playing = playing;
    this.lastFrame = null;
    this.playButton.textContent = playing ? '❚❚ Pause' : '▶ Play';
    this.playButton.setAttribute('aria-pressed', String(playing));
    this.invalidate();
  }

  private setSpeed(speed: number): void {
    this.speed = speed;
    this.speedSelect.value = String(speed);
    this.invalidate();
  }

  private changeSpeed(direction: 1 | -1): void {
    const at = SPEEDS.findIndex((s) => s >= this.speed);
    const next = SPEEDS[
      Math.max(0, Math.min(SPEEDS.length - 1, (at < 0 ? SPEEDS.length - 1 : at) + direction))
    ] as number;
    this.setSpeed(next);
    this.announce(`speed ${next}×`);
  }

  private selectTab(tab: Tab): void {
    this.tab = tab;
    this.drawnServer = '';
    document.querySelectorAll<HTMLElement>('[role="tab"]').forEach((el) => {
      const selected = el.dataset.tab === tab;
      el.setAttribute('aria-selected', String(selected));
      el.tabIndex = selected ? 0 : -1;
    });
    document.querySelectorAll<HTMLElement>('[role="tabpanel"]').forEach((el) => {
      el.hidden = el.id !== `panel-${tab}`;
    });
    this.invalidate();
  }

  private announce(text: string): void {
    this.announcer.textContent = text;
  }

  /** What happens at `t`, in a few words, for the status line and screen readers. */
  private describeMoment(t: number): string {
    const tl = this.timeline;
    const parts: string[] = [];
    const lane = (i: number): string => tl.lanes[i]?.id ?? '?';
    for (const s of tl.roles)
      if (s.from === t && s.role !== 'follower')
        parts.push(`${lane(s.lane)} ${s.role === 'down' ? 'down' : `${s.role} (term ${s.term})`}`);
    for (const e of tl.life)
      if (e.t === t)
        parts.push(
          `${lane(e.lane)} ${e.what === 'start' ? 'starts' : e.what === 'crash' ? 'crashes' : 'stops'}`,
        );
    for (const r of tl.requests) {
      if (r.t === t) parts.push(`request ${r.operation} to ${lane(r.entry)}`);
      if (r.end === t) parts.push(`response ${r.status ?? ''} from ${lane(r.exec)}`);
    }
    for (const o of tl.acl.objects)
      for (const v of o.versions)
        for (const a of v.arrivals) if (a.t === t) parts.push(`${o.id} arrives in ${a.region}`);
    for (const p of tl.partitions) {
      if (p.from === t) parts.push(`partition #${p.id}`);
      if (p.to === t) parts.push(`partition #${p.id} heals`);
    }
    const line = tl.transcript.find((l) => l.t === t && l.text.trim() !== '');
    if (line !== undefined) parts.push(line.text);
    return parts.slice(0, 4).join('; ') || 'event';
  }

  // --- URL fragment --------------------------------------------------------------------------

  private applyHash(hash: string): void {
    const position = parseViewPosition(hash);
    if (position.from !== undefined && position.to !== undefined)
      this.setWindow(position.from, position.to);
    if (position.t !== undefined) this.jump(position.t, position.from === undefined);
    if (position.speed !== undefined)
      this.setSpeed(
        SPEEDS.reduce(
          (best, s) =>
            Math.abs(s - (position.speed ?? 1)) < Math.abs(best - (position.speed ?? 1)) ? s : best,
          1,
        ),
      );
    if (position.lane !== undefined) {
      const lane = this.timeline.lanes.findIndex((l) => l.id === position.lane);
      if (lane >= 0) this.selectLane(lane);
    }
    this.invalidate();
  }

  /**
   * Keeps the fragment in step, at most every HASH_INTERVAL_MS (the browser makes replacing the
   * address slow, too slow for every frame of a pan); returns false while a write is held back.
   */
  private writeHash(now: number): boolean {
    const lane = this.timeline.lanes[this.selectedLane]?.id;
    const hash = formatViewPosition({
      t: this.cursor,
      from: this.from,
      to: this.to,
      ...(lane === undefined ? {} : { lane }),
      speed: this.speed,
    });
    if (hash === this.lastHash) return true;
    if (now - this.lastHashWrite < HASH_INTERVAL_MS) return false;
    this.lastHash = hash;
    this.lastHashWrite = now;
    history.replaceState(null, '', `#${hash}`);
    return true;
  }

  // --- drawing -------------------------------------------------------------------------------

  invalidate(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame((now) => this.frame(now));
  }

  private frame(now: number): void {
    this.frameRequested = false;
    if (this.playing) {
      const elapsed = this.lastFrame === null ? 0 : Math.min(250, now - this.lastFrame);
      this.lastFrame = now;
      this.cursor = this.clampCursor(this.cursor + elapsed * this.speed);
      const width = this.to - this.from;
      if (this.cursor > this.to - width * 0.05 || this.cursor < this.from)
        this.setWindow(this.cursor - width * 0.1, this.cursor + width * 0.9);
      if (this.cursor >= this.timeline.end) this.setPlaying(false);
    }
    this.draw();
    const written = this.writeHash(now);
    if (this.playing || !written || this.built?.wide === true) this.invalidate();
  }

  private draw(): void {
    const scale = this.scale();
    const width = this.plotWidth();
    const height = this.rows.height;
    const view = `${scale.from}|${scale.to}|${width}|${this.selectedLane}|${this.selectedRequest}|${this.heartbeats}`;
    if (view !== this.drawnView) {
      this.drawnView = view;
      this.drawPlot(scale, width, height);
    } else if (this.built?.wide === true) {
      // The view stopped moving: build the marks for it alone, where they are shown.
      this.buildSvg(scale, width, false);
    }
    const cursor = `${view}|${this.cursor}`;
    if (cursor !== this.drawnCursor) {
      this.drawnCursor = cursor;
      this.svgCursor.innerHTML = cursorMarks(scale, this.rows, this.cursor);
    }
    if (this.cursor !== this.panelsAt) {
      this.panelsAt = this.cursor;
      this.svg.dataset.cursor = String(this.cursor);
      this.clock.textContent = formatTime(this.cursor);
      this.clock.dataset.t = String(this.cursor);
      this.transcript.update(this.cursor, this.followTranscript && this.tab === 'transcript');
      this.acl.update(this.cursor);
    }
    const server = `${this.selectedLane}|${this.cursor}`;
    if (this.tab === 'server' && server !== this.drawnServer) {
      this.drawnServer = server;
      renderServerPanel(element('panel-server'), this.timeline, this.selectedLane, this.cursor);
    }
  }

  /** Draws the canvas and the SVG marks for the current window (not the cursor). */
  private drawPlot(scale: Scale, width: number, height: number): void {
    const ratio = window.devicePixelRatio || 1;
    if (
      this.canvas.width !== Math.round(width * ratio) ||
      this.canvas.height !== Math.round(height * ratio)
    ) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
      this.plot.style.height = `${height}px`;
    }
    // Setting an SVG's size, even to the same value, makes the browser lay out and paint all of it again.
    const size = `0 0 ${width} ${height}`;
    if (this.svg.getAttribute('viewBox') !== size) {
      this.svg.setAttribute('width', String(width));
      this.svg.setAttribute('height', String(height));
      this.svg.setAttribute('viewBox', size);
    }
    const requests = this.timeline.requests;
    const dense = this.buildSvg(scale, width, true);
    const request = requests.find((r) => r.id === this.selectedRequest);
    let drawn = { shown: 0, aggregated: false };
    const ctx = this.canvas.getContext('2d');
    if (ctx !== null) {
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      drawBackgrounds(ctx, this.rows, width, this.selectedLane);
      ctx.save();
      ctx.beginPath();
      ctx.rect(scale.x0, AXIS_HEIGHT, scale.x1 - scale.x0, height - AXIS_HEIGHT);
      ctx.clip();
      if (dense.roles) drawDenseRoles(ctx, this.timeline, scale, this.rows);
      drawn = drawMessages(
        ctx,
        this.timeline,
        scale,
        this.rows,
        { heartbeats: this.heartbeats, highlight: request?.hops ?? [] },
        this.density,
      );
      if (dense.requests) drawDenseRequests(ctx, this.timeline, scale, this.rows);
      if (dense.acl) drawDenseAcl(ctx, this.timeline, this.aclMarks, scale, this.rows);
      ctx.restore();
    }
    this.svg.dataset.from = String(scale.from);
    this.svg.dataset.to = String(scale.to);
    this.svg.dataset.x0 = String(scale.x0);
    this.svg.dataset.x1 = String(scale.x1);
    const shown = `showing ${formatDuration(this.to - this.from)}; ${drawn.aggregated ? `${drawn.shown} messages, counted per lane (zoom in for arrows)` : `${drawn.shown} messages`}`;
    const footer = element('window');
    if (footer.textContent !== shown) footer.textContent = shown;
  }

  /**
   * Builds the SVG marks for the window. With `slide`, a window that only moved at the same zoom
   * gets the marks built before, slid sideways, while it stays inside what they cover; past that
   * they are built for a window one plot-width wider on each side. Once the view rests they are
   * built for it alone (see `draw`). Returns which categories are drawn on the canvas instead.
   */
  private buildSvg(scale: Scale, width: number, slide: boolean): DenseCategories {
    const msPerPixel = (scale.to - scale.from) / (scale.x1 - scale.x0);
    const key = `${width}|${this.selectedLane}|${this.selectedRequest}|${this.rows.height}`;
    const built = this.built;
    // Panning: the same marks at the same zoom, moved sideways.
    const panning =
      slide &&
      built !== null &&
      built.key === key &&
      Math.abs(built.msPerPixel - msPerPixel) <= msPerPixel * 1e-9;
    if (panning && scale.from >= built.extFrom && scale.to <= built.extTo) {
      const shift = (built.from - scale.from) / msPerPixel;
      this.svgBody.setAttribute('transform', `translate(${Math.round(shift * 10) / 10},0)`);
      return built.dense;
    }
    const span = scale.to - scale.from;
    const pixels = scale.x1 - scale.x0;
    const wide: Scale = panning
      ? {
          from: scale.from - span,
          to: scale.to + span,
          x0: scale.x0 - pixels,
          x1: scale.x1 + pixels,
        }
      : scale;
    const share = (wide.to - wide.from) / span;
    const requests = this.timeline.requests;
    const requestsInView =
      firstAfter(requests.length, (i) => requests[i]?.t ?? 0, wide.to) -
      firstAtOrAfter(requests.length, (i) => requests[i]?.t ?? 0, wide.from);
    const dense: DenseCategories = {
      roles: roleSpansInView(this.timeline, wide) > ROLE_SVG_LIMIT * share,
      requests: requestsInView > REQUEST_PATH_LIMIT * share,
      acl: aclMarksInView(this.aclMarks, wide) > ACL_SVG_LIMIT * share,
    };
    const changedDense = built === null || JSON.stringify(built.dense) !== JSON.stringify(dense);
    this.svgBody.innerHTML = buildMarks({
      timeline: this.timeline,
      scale: wide,
      rows: this.rows,
      width,
      selectedLane: this.selectedLane,
      selectedRequest: this.selectedRequest,
      dense,
    });
    this.svgBody.removeAttribute('transform');
    this.svgLabels.innerHTML = laneLabels({
      timeline: this.timeline,
      rows: this.rows,
      selectedLane: this.selectedLane,
    });
    this.built = {
      key,
      msPerPixel,
      from: scale.from,
      extFrom: wide.from,
      extTo: wide.to,
      wide: panning,
      dense,
    };
    this.svg.dataset.dense = Object.entries(dense)
      .filter(([, on]) => on)
      .map(([name]) => name)
      .join(' ');
    // The canvas draws what the SVG does not: when that changes outside a full redraw, redraw it.
    if (!slide && changedDense) {
      this.drawnView = '';
      this.invalidate();
    }
    return dense;
  }

  // --- input ---------------------------------------------------------------------------------

  private bindControls(): void {
    this.playButton.addEventListener('click', () => this.setPlaying(!this.playing));
    element('prev').addEventListener('click', () => this.step(-1));
    element('next').addEventListener('click', () => this.step(1));
    element('zoom-in').addEventListener('click', () => this.zoom(0.5, this.cursor));
    element('zoom-out').addEventListener('click', () => this.zoom(2, this.cursor));
    element('fit').addEventListener('click', () => this.fit());
    this.speedSelect.addEventListener('change', () =>
      this.setSpeed(Number(this.speedSelect.value)),
    );
    this.heartbeatBox.addEventListener('change', () => {
      this.heartbeats = this.heartbeatBox.checked;
      this.invalidate();
    });
    element('help-button').addEventListener('click', () => this.toggleHelp());
    element('help-close').addEventListener('click', () => this.toggleHelp(false));
    const tabs = [...document.querySelectorAll<HTMLElement>('[role="tab"]')];
    for (const tab of tabs) {
      tab.addEventListener('click', () => this.selectTab(tab.dataset.tab as Tab));
      tab.addEventListener('keydown', (event) => {
        if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
        event.preventDefault();
        event.stopPropagation();
        const next = tabs[
          (tabs.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length
        ] as HTMLElement;
        this.selectTab(next.dataset.tab as Tab);
        next.focus();
      });
    }
    const side = element('side');
    side.addEventListener('pointerenter', () => {
      this.followTranscript = false;
    });
    side.addEventListener('pointerleave', () => {
      this.followTranscript = true;
    });
  }

  private toggleHelp(show?: boolean): void {
    const help = element('help');
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) element('help-close').focus();
  }

  private bindPlot(): void {
    // Reading the SVG's position forces a layout after each redraw: read it once per scroll or resize.
    let box: DOMRect | null = null;
    const forget = (): void => {
      box = null;
    };
    element('timeline-section').addEventListener('scroll', forget, { passive: true });
    window.addEventListener('resize', forget);
    window.addEventListener('scroll', forget, { passive: true });
    // The pointer is captured while pressed, so later events name the SVG: keep what was pressed.
    let drag: {
      x: number;
      from: number;
      to: number;
      scrub: boolean;
      moved: boolean;
      target: Element;
    } | null = null;
    const local = (event: MouseEvent): { x: number; y: number } => {
      box ??= this.svg.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    };
    this.svg.addEventListener('pointerdown', (event) => {
      const { x, y } = local(event);
      if (x < LABEL_WIDTH) return;
      this.svg.setPointerCapture(event.pointerId);
      drag = {
        x,
        from: this.from,
        to: this.to,
        scrub: y < AXIS_HEIGHT,
        moved: false,
        target: event.target as Element,
      };
      if (drag.scrub) this.jump(tOf(this.scale(), x), false);
    });
    this.svg.addEventListener('pointermove', (event) => {
      const { x, y } = local(event);
      if (drag === null) {
        this.hover(x, y);
        return;
      }
      if (drag.scrub) {
        this.jump(tOf(this.scale(), x), false);
        return;
      }
      if (Math.abs(x - drag.x) > 3) drag.moved = true;
      if (drag.moved) {
        const scale = this.scale();
        const shift = ((x - drag.x) * (drag.to - drag.from)) / (scale.x1 - scale.x0);
        this.setWindow(drag.from - shift, drag.to - shift);
      }
    });
    this.svg.addEventListener('pointerup', (event) => {
      const done = drag;
      drag = null;
      if (done === null || done.scrub || done.moved) return;
      const { x, y } = local(event);
      const target = done.target;
      const request = target.closest('.request');
      this.selectedRequest =
        request === null ? null : (request.getAttribute('data-request') ?? null);
      const row = rowAt(this.rows, y);
      this.jump(tOf(this.scale(), x), false);
      if (row?.kind === 'lane' && this.timeline.lanes[row.lane]?.kind === 'server')
        this.selectLane(row.lane);
      else if (target.closest('.acl-arrival, .acl-write, .acl-error, .acl-backoff') !== null)
        this.selectTab('acl');
    });
    this.svg.addEventListener('pointercancel', () => {
      drag = null;
    });
    this.svg.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const { x } = local(event);
        if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
          const delta = event.shiftKey ? event.deltaY : event.deltaX;
          this.pan(delta / Math.max(200, this.plotWidth()));
        } else {
          this.zoom(Math.exp(event.deltaY * 0.0015), tOf(this.scale(), Math.max(LABEL_WIDTH, x)));
        }
      },
      { passive: false },
    );
    this.svg.addEventListener('pointerleave', () => {
      this.status.textContent = '';
    });
  }

  private hover(x: number, y: number): void {
    if (x < LABEL_WIDTH) {
      this.status.textContent = '';
      return;
    }
    const t = tOf(this.scale(), x);
    const row = rowAt(this.rows, y);
    let what = '';
    if (row?.kind === 'lane') {
      const lane = this.timeline.lanes[row.lane];
      const span = lane?.kind === 'server' ? roleAt(this.timeline, row.lane, t) : null;
      const role =
        span === null
          ? ''
          : span.role === 'down'
            ? ', down'
            : `, ${span.role} in term ${span.term}`;
      what =
        lane === undefined
          ? ''
          : ` · ${lane.id}${role}${lane.kind === 'server' ? ' (click for its state)' : ''}`;
    } else if (row?.kind === 'acl') what = ` · ACL copies in ${row.region}`;
    else if (row?.kind === 'axis') what = ' · drag to scrub';
    this.status.innerHTML = `${esc(formatTime(Math.max(0, t)))}${esc(what)}`;
  }

  private bindKeys(): void {
    window.addEventListener('keydown', (event) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, select, textarea') !== null) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const onButton = target.closest('button, [role="button"], [role="tab"]') !== null;
      let handled = true;
      switch (event.key) {
        case ' ':
        case 'k':
          if (onButton && event.key === ' ') return;
          this.setPlaying(!this.playing);
          break;
        case 'ArrowRight':
          if (event.shiftKey) this.pan(0.1);
          else this.step(1);
          break;
        case 'ArrowLeft':
          if (event.shiftKey) this.pan(-0.1);
          else this.step(-1);
          break;
        case '.':
          this.jump(this.cursor + (this.to - this.from) / 100, true);
          break;
        case ',':
          this.jump(this.cursor - (this.to - this.from) / 100, true);
          break;
        case 'ArrowDown':
          this.moveSelection(1);
          break;
        case 'ArrowUp':
          this.moveSelection(-1);
          break;
        case '+':
        case '=':
          this.zoom(0.5, this.cursor);
          break;
        case '-':
        case '_':
          this.zoom(2, this.cursor);
          break;
        case '0':
          this.fit();
          break;
        case 'c':
          this.jump(this.cursor, false);
          this.setWindow(
            this.cursor - (this.to - this.from) / 2,
            this.cursor + (this.to - this.from) / 2,
          );
          break;
        case ']':
          this.changeSpeed(1);
          break;
        case '[':
          this.changeSpeed(-1);
          break;
        case 'Home':
          this.jump(this.timeline.start, true);
          break;
        case 'End':
          this.jump(this.timeline.end, true);
          break;
        case 'h':
          this.heartbeats = !this.heartbeats;
          this.heartbeatBox.checked = this.heartbeats;
          this.invalidate();
          break;
        case '1':
          this.selectTab('transcript');
          break;
        case '2':
          this.selectTab('server');
          break;
        case '3':
          this.selectTab('acl');
          break;
        case '4':
          this.selectTab('legend');
          break;
        case '?':
          this.toggleHelp();
          break;
        case 'Escape':
          this.toggleHelp(false);
          this.selectedRequest = null;
          this.invalidate();
          break;
        default:
          handled = false;
      }
      if (handled) event.preventDefault();
    });
  }
}
