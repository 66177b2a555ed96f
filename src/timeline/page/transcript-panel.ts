/**
 * The scenario's transcript beside the timeline, kept in step with it both ways: clicking a line
 * (or pressing Enter on the first line of a step) moves the cursor to the moment that step began;
 * moving the cursor marks the lines printed by then, highlights the step the cursor is in and
 * scrolls it into view.
 */
import type { TranscriptLine } from '../model.js';
import { firstAfter } from '../search.js';
import { esc, formatTime } from './format.js';

export class TranscriptPanel {
  private readonly elements: HTMLElement[] = [];
  private lines: readonly TranscriptLine[] = [];
  private current = -2;

  constructor(
    private readonly root: HTMLElement,
    lines: readonly TranscriptLine[],
    jump: (t: number) => void,
  ) {
    root.addEventListener('click', (event) => {
      const line = (event.target as HTMLElement).closest<HTMLElement>('.line');
      if (line !== null) jump(Number(line.dataset.t));
    });
    root.addEventListener('keydown', (event) => {
      const line = (event.target as HTMLElement).closest<HTMLElement>('.line');
      if (line !== null && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        event.stopPropagation();
        jump(Number(line.dataset.t));
      }
    });
    this.show(lines);
  }

  /** Shows `lines` (a live page shows the transcript again as it grows). */
  show(lines: readonly TranscriptLine[]): void {
    this.lines = lines;
    this.current = -2;
    this.elements.length = 0;
    const root = this.root;
    if (lines.length === 0) {
      root.innerHTML =
        '<p class="empty">This run has no transcript: only scenario runs (<code>nomad-sim run</code>, <code>tutorial</code>) record one.</p>';
      return;
    }
    const html = lines.map((line, i) => {
      const starts = i === 0 || (lines[i - 1] as TranscriptLine).t !== line.t;
      const kind = line.text.startsWith('## ')
        ? ' heading'
        : line.text.startsWith('# ')
          ? ' title'
          : /^(\$ |\[\d\d+:\d\d:\d\d [^\]]+\]\$ )/.test(line.text)
            ? ' command'
            : '';
      const focus = starts
        ? ` tabindex="0" role="button" aria-label="${esc(`${formatTime(line.t)}: ${line.text}`)}"`
        : '';
      return `<div class="line${kind}" data-i="${i}" data-t="${line.t}"${focus}><span class="when">${starts ? esc(formatTime(line.t)) : ''}</span>${esc(line.text) || '&nbsp;'}</div>`;
    });
    root.innerHTML = `<div class="transcript">${html.join('')}</div>`;
    root.querySelectorAll<HTMLElement>('.line').forEach((el) => this.elements.push(el));
  }

  /** Marks the lines printed by `cursor` and highlights the step it is in. */
  update(cursor: number, scroll: boolean): void {
    if (this.lines.length === 0) return;
    const last =
      firstAfter(this.lines.length, (i) => (this.lines[i] as TranscriptLine).t, cursor) - 1;
    if (last === this.current) return;
    const stepTime = last >= 0 ? (this.lines[last] as TranscriptLine).t : null;
    this.elements.forEach((el, i) => {
      const t = (this.lines[i] as TranscriptLine).t;
      el.classList.toggle('future', i > last);
      const current = stepTime !== null && t === stepTime;
      el.classList.toggle('current', current);
      if (current) el.setAttribute('aria-current', 'step');
      else el.removeAttribute('aria-current');
    });
    this.current = last;
    if (scroll && last >= 0) this.elements[last]?.scrollIntoView({ block: 'nearest' });
  }
}
