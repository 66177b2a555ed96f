/**
 * The bar between the timeline and the terminal: drag it (or focus it and press ↑ ↓) to give
 * one more room and the other less. It sets the terminal's height as a CSS variable on the
 * grid they share; both redraw for their new size by watching their boxes.
 */

const STEP_PX = 24;
const MIN_PX = 90;

export function bindSplitter(bar: HTMLElement, grid: HTMLElement, terminal: HTMLElement): void {
  const setHeight = (px: number): void => {
    const max = Math.max(MIN_PX, grid.clientHeight - MIN_PX);
    const height = Math.round(Math.max(MIN_PX, Math.min(max, px)));
    grid.style.setProperty('--terminal-height', `${height}px`);
    bar.setAttribute('aria-valuenow', String(height));
  };
  let drag: { y: number; height: number } | null = null;
  bar.addEventListener('pointerdown', (event) => {
    bar.setPointerCapture(event.pointerId);
    drag = { y: event.clientY, height: terminal.getBoundingClientRect().height };
  });
  bar.addEventListener('pointermove', (event) => {
    if (drag !== null) setHeight(drag.height - (event.clientY - drag.y));
  });
  const stop = (): void => {
    drag = null;
  };
  bar.addEventListener('pointerup', stop);
  bar.addEventListener('pointercancel', stop);
  bar.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    // The timeline's own keys (↑ ↓ pick a server) listen on the window: this one is the bar's.
    event.preventDefault();
    event.stopPropagation();
    const height = terminal.getBoundingClientRect().height;
    setHeight(height + (event.key === 'ArrowUp' ? STEP_PX : -STEP_PX));
  });
}
