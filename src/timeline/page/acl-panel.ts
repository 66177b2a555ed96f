/**
 * The ACL table beside the timeline: every policy and token, each version's write in the
 * authoritative region and when each other region's copy arrived (with the lag), marked as
 * arrived or not yet at the cursor; before it, each region's replication errors and back-off.
 * Clicking a time moves the cursor there. A long run has thousands of versions: the rows are put
 * in the page a few hundred at a time, as the table is scrolled to its end (the browser would
 * otherwise walk every row on each frame the timeline is panned).
 */
import type { Timeline } from '../model.js';
import { esc, formatDuration, formatTime, shortId } from './format.js';

/** Rows put in the page at a time. */
const ROWS_AT_A_TIME = 200;

export class AclPanel {
  private readonly cells: HTMLElement[] = [];
  /** Every row's HTML, and how many of them are in the page. */
  private rows: string[] = [];
  private shown = 0;
  private cursor = Number.NaN;

  constructor(
    private readonly root: HTMLElement,
    timeline: Timeline,
    jump: (t: number) => void,
  ) {
    root.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLElement>('button.time');
      if (button !== null) jump(Number(button.dataset.t));
    });
    root.addEventListener(
      'scroll',
      () => {
        if (root.scrollTop + root.clientHeight > root.scrollHeight - 300) this.more();
      },
      { passive: true },
    );
    this.show(timeline);
  }

  /** Puts the next rows in the page. */
  private more(): void {
    const body = this.root.querySelector('tbody');
    if (body === null || this.shown >= this.rows.length) return;
    const next = this.rows.slice(this.shown, this.shown + ROWS_AT_A_TIME);
    this.shown += next.length;
    const at = this.cells.length;
    body.insertAdjacentHTML('beforeend', next.join(''));
    const cells = [...body.querySelectorAll<HTMLElement>('button.arrival')];
    for (const cell of cells.slice(at)) {
      this.cells.push(cell);
      if (!Number.isNaN(this.cursor))
        cell.classList.toggle('future', Number(cell.dataset.t) > this.cursor);
    }
  }

  /** Shows the ACL history of `timeline` (a live page shows it again as the run goes on). */
  show(timeline: Timeline): void {
    const root = this.root;
    this.cells.length = 0;
    this.shown = 0;
    const acl = timeline.acl;
    const regions = timeline.regions.map((g) => g.name).filter((r) => r !== acl.authoritative);
    const time = (t: number | null, attrs = ''): string =>
      t === null
        ? '<td>—</td>'
        : `<td><button type="button" class="time" data-t="${t}"${attrs}>${esc(formatTime(t))}</button></td>`;
    this.rows = acl.objects.flatMap((o) =>
      o.versions.map((v) => {
        const arrivals = regions.map((region) => {
          const a = v.arrivals.find((x) => x.region === region);
          if (a === undefined) return '<td class="missing">—</td>';
          const lag =
            v.written === null
              ? ''
              : ` <span class="lag">+${esc(formatDuration(a.t - v.written))}</span>`;
          return `<td><button type="button" class="time arrival" data-t="${a.t}" data-region="${esc(region)}">${esc(formatTime(a.t))}</button>${lag}</td>`;
        });
        const label = `${o.what === 'policies' ? 'policy' : 'token'} ${shortId(o.what, o.id)}`;
        const version = v.action === 'delete' ? 'deleted' : `#${v.index}`;
        return `<tr data-object="${esc(o.id)}" data-what="${o.what}" data-index="${v.index}"><th scope="row" title="${esc(o.id)}">${esc(label)} <span class="version">${version}</span></th>${time(v.written, ' data-written="1"')}${arrivals.join('')}</tr>`;
      }),
    );
    const heads = regions.map((r) => `<th scope="col">${esc(r)}</th>`).join('');
    const errors = timeline.regions
      .map((g) => {
        const failed = acl.rounds.filter((r) => r.region === g.name && r.error !== null);
        if (failed.length === 0) return '';
        const waited = acl.backOffs
          .filter((b) => b.region === g.name)
          .reduce((sum, b) => sum + (b.to - b.from), 0);
        const texts = [...new Set(failed.map((r) => r.error))]
          .slice(0, 3)
          .map((e) => `<code>${esc(e ?? '')}</code>`)
          .join(', ');
        return `<li data-region="${esc(g.name)}"><strong>${esc(g.name)}</strong>: ${failed.length} failed round${failed.length === 1 ? '' : 's'} (first at <button type="button" class="time" data-t="${failed[0]?.t ?? 0}">${esc(formatTime(failed[0]?.t ?? 0))}</button>), ${esc(formatDuration(waited))} backing off: ${texts}</li>`;
      })
      .join('');
    root.innerHTML = `<p>Authoritative region: <strong data-field="authoritative">${esc(acl.authoritative ?? 'unknown (nothing replicated)')}</strong>. Times are when the authoritative region applied a write and when each region's copy arrived.</p>
<h3>Replication errors</h3>${errors === '' ? '<p class="empty">None.</p>' : `<ul class="errors">${errors}</ul>`}
<h3>Policies and tokens</h3>${this.rows.length === 0 ? '<p class="empty">No ACL policy or token in this run.</p>' : `<table class="acl-table"><thead><tr><th scope="col">object, version</th><th scope="col">written</th>${heads}</tr></thead><tbody></tbody></table>`}`;
    this.more();
  }

  /** Marks each copy as arrived or not yet at `cursor`. */
  update(cursor: number): void {
    this.cursor = cursor;
    for (const cell of this.cells) cell.classList.toggle('future', Number(cell.dataset.t) > cursor);
  }
}
