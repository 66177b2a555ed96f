/**
 * The timeline page's entry point (bundled into the page by the writer in src/program): reads the
 * packed timeline model from the page's JSON script element and starts the page. A page whose
 * model cannot be read says so in the page instead of failing silently.
 */
import { unpackTimeline } from '../pack.js';
import { TimelineApp } from './app.js';

declare global {
  interface Window {
    /** The running page, for the end-to-end tests and the bench. */
    timelineApp?: TimelineApp;
  }
}

function start(): void {
  const data = document.getElementById('timeline-data');
  try {
    const timeline = unpackTimeline(data?.textContent ?? '');
    window.timelineApp = new TimelineApp(timeline);
    document.body.dataset.ready = 'true';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    document.body.insertAdjacentHTML('afterbegin', '<p class="fatal" role="alert"></p>');
    const alert = document.querySelector('.fatal');
    if (alert !== null) alert.textContent = `This timeline page cannot show its run: ${message}`;
    document.body.dataset.ready = 'error';
  }
}

start();
