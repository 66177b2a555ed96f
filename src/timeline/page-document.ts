/**
 * The timeline page as one HTML document: the skeleton (toolbar, plot, side panels, legend and
 * keyboard help), the page's CSS and script inline, and the packed timeline model in a JSON
 * script element. Nothing is loaded from anywhere else, so the file works opened from disk with
 * no server and no network. The script and CSS come from the writer (bundled from ./page/).
 */
import { COLOURS } from './page/palette.js';
import { esc } from './page/format.js';

export interface PageParts {
  readonly title: string;
  readonly css: string;
  readonly script: string;
  /** The packed model (./pack.ts), already safe inside a script element. */
  readonly data: string;
}

const swatch = (body: string): string =>
  `<svg width="26" height="16" viewBox="0 0 26 16" aria-hidden="true">${body}</svg>`;

const LEGEND = `<dl class="legend">
<dt>${swatch(`<rect x="1" y="3" width="24" height="10" fill="${COLOURS.blue}"/><text x="4" y="12" fill="#fff" font-size="9">★3</text>`)}</dt><dd>leader (★ and its term)</dd>
<dt>${swatch(`<rect x="1" y="3" width="24" height="10" fill="#cfe8f7" stroke="${COLOURS.skyBlue}"/>`)}</dt><dd>follower</dd>
<dt>${swatch(`<rect x="1" y="3" width="24" height="10" fill="${COLOURS.orange}"/><text x="3" y="12" font-size="9">?4</text>`)}</dt><dd>candidate (? and the term it asks for)</dd>
<dt>${swatch('<rect x="1" y="3" width="24" height="10" fill="url(#legend-down)"/>')}</dt><dd>down (stopped or crashed)</dd>
<dt>${swatch(`<path d="M8,3l10,10m0,-10l-10,10" stroke="${COLOURS.vermillion}" stroke-width="2.5"/>`)}</dt><dd>crash</dd>
<dt>${swatch(`<rect x="9" y="4" width="8" height="8" fill="${COLOURS.black}"/>`)}</dt><dd>graceful stop</dd>
<dt>${swatch(`<path d="M13,3l5,9h-10z" fill="${COLOURS.green}"/>`)}</dt><dd>start</dd>
<dt>${swatch(`<path d="M13,3l5,5l-5,5l-5,-5z" fill="${COLOURS.purple}"/>`)}</dt><dd>snapshot taken or installed</dd>
<dt>${swatch(`<rect x="1" y="2" width="24" height="12" fill="url(#legend-partition)" stroke="${COLOURS.vermillion}"/>`)}</dt><dd>cut off by a partition</dd>
<dt>${swatch(`<rect x="1" y="5" width="24" height="6" fill="${COLOURS.yellow}" stroke="${COLOURS.orange}"/>`)}</dt><dd>message loss (network row)</dd>
<dt>${swatch(`<path d="M2,13L24,3" stroke="${COLOURS.skyBlue}"/><path d="M2,13L24,8" stroke="rgba(140,140,140,0.7)"/>`)}</dt><dd>messages: Raft replication (blue), heartbeats (grey), elections (orange), RPCs (purple), HTTP (black)</dd>
<dt>${swatch(`<rect x="2" y="10" width="2.5" height="5" fill="rgba(86,180,233,0.55)"/><rect x="5" y="8" width="2.5" height="7" fill="rgba(86,180,233,0.55)"/><rect x="8" y="11" width="2.5" height="4" fill="rgba(86,180,233,0.55)"/><rect x="14" y="2" width="2.5" height="3" fill="${COLOURS.vermillion}"/>`)}</dt><dd>zoomed out: messages a server sent, counted per few pixels (bars under its lane; drops above)</dd>
<dt>${swatch(`<path d="M2,13L16,6" stroke="${COLOURS.purple}" stroke-dasharray="3 3"/><path d="M13,3l6,6m0,-6l-6,6" stroke="${COLOURS.vermillion}" stroke-width="1.5"/>`)}</dt><dd>dropped message</dd>
<dt>${swatch(`<path d="M3,3L3,13L22,8" fill="none" stroke="${COLOURS.black}" stroke-width="1.6"/><circle cx="22" cy="8" r="3" fill="${COLOURS.black}"/>`)}</dt><dd>client request: sender → entry server → forwarded → executing server (dot) → response; dashed red when it failed</dd>
<dt>${swatch(`<path d="M10,2v12M10,2h7l-2,3l2,3h-7" stroke="${COLOURS.purple}" fill="${COLOURS.purple}"/>`)}</dt><dd>a section of the transcript begins (on the time axis)</dd>
<dt>${swatch(`<path d="M13,2l5,6l-5,6l-5,-6z" fill="${COLOURS.blue}"/>`)}</dt><dd>ACL write executed in a region</dd>
<dt>${swatch(`<circle cx="13" cy="8" r="4" fill="${COLOURS.green}"/>`)}</dt><dd>a policy or token copy arrived (hollow: a deletion)</dd>
<dt>${swatch(`<path d="M13,2l6,11h-12z" fill="${COLOURS.vermillion}"/>`)}</dt><dd>replication round failed</dd>
<dt>${swatch('<rect x="1" y="4" width="24" height="8" fill="url(#legend-backoff)"/>')}</dt><dd>replication backing off after a failure</dd>
</dl>
<svg width="0" height="0" aria-hidden="true" style="position:absolute"><defs>
<pattern id="legend-down" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e6e6e6"/><line x1="0" y1="0" x2="0" y2="6" stroke="${COLOURS.grey}" stroke-width="2"/></pattern>
<pattern id="legend-partition" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><line x1="0" y1="0" x2="0" y2="7" stroke="${COLOURS.vermillion}" stroke-width="2" stroke-opacity="0.75"/></pattern>
<pattern id="legend-backoff" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${COLOURS.yellow}" fill-opacity="0.45"/><line x1="0" y1="0" x2="0" y2="6" stroke="${COLOURS.orange}" stroke-width="1.5"/></pattern>
</defs></svg>`;

const SHORTCUTS: Array<[string, string]> = [
  ['Space or k', 'play / pause'],
  ['→ / ←', 'next / previous event'],
  ['. / ,', 'move the cursor a little'],
  ['Shift + → / ←', 'pan'],
  ['+ / −', 'zoom in / out around the cursor'],
  ['0', 'show the whole run'],
  ['c', 'centre the view on the cursor'],
  ['↑ / ↓', 'select the previous / next server'],
  ['[ / ]', 'slower / faster'],
  ['Home / End', 'start / end of the run'],
  ['h', 'show or hide heartbeats'],
  ['1 2 3 4', 'transcript, server, ACL, legend'],
  ['Esc', 'close this, deselect the request'],
  [
    'mouse',
    'wheel zooms, Shift+wheel or drag pans, click sets the cursor and picks a server, drag the time axis to scrub',
  ],
];

/** `<!doctype html>` up to the end of `<head>`: the title and the CSS. */
export function documentHead(title: string, css: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${css.replace(/<\/(style)/gi, '<\\/$1')}</style>
</head>
`;
}

/** The page's title and its playback and zoom toolbar (the inside of `<header>`). */
export function timelineHeader(title: string): string {
  return `<h1 id="title">${esc(title)}</h1>
<div class="toolbar" role="toolbar" aria-label="Playback and zoom">
<button id="play" type="button" aria-pressed="false" title="Play or pause (Space)">▶ Play</button>
<button id="prev" type="button" title="Previous event (←)" aria-label="Previous event">← Prev</button>
<button id="next" type="button" title="Next event (→)" aria-label="Next event">Next →</button>
<label title="Playback speed ([ and ])">speed <select id="speed"></select></label>
<button id="zoom-out" type="button" title="Zoom out (−)" aria-label="Zoom out">−</button>
<button id="zoom-in" type="button" title="Zoom in (+)" aria-label="Zoom in">+</button>
<button id="fit" type="button" title="Whole run (0)">Fit</button>
<label title="Show heartbeats (h)"><input type="checkbox" id="heartbeats" checked> heartbeats</label>
<output id="clock" aria-label="Cursor time"></output>
<button id="help-button" type="button" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">?</button>
</div>
`;
}

/** The plot: the messages' canvas under the SVG of everything else. */
export const TIMELINE_PLOT = `<section id="timeline-section" tabindex="0" aria-label="Timeline: press ? for the keyboard shortcuts">
<div id="plot">
<canvas id="messages" aria-hidden="true"></canvas>
<svg id="marks" role="img" aria-label="Timeline of the run: a lane per server, grouped by region, with roles, messages, requests and ACL replication" xmlns="http://www.w3.org/2000/svg"><g id="marks-body"></g><g id="marks-labels"></g><g id="marks-cursor"></g></svg>
</div>
</section>
`;

/** The side panels: transcript, server state, ACL table and legend, as tabs. */
export const SIDE_PANELS = `<aside id="side" aria-label="Details">
<div role="tablist" aria-label="Details">
<button type="button" role="tab" id="tab-transcript" data-tab="transcript" aria-controls="panel-transcript">Transcript</button>
<button type="button" role="tab" id="tab-server" data-tab="server" aria-controls="panel-server">Server</button>
<button type="button" role="tab" id="tab-acl" data-tab="acl" aria-controls="panel-acl">ACL</button>
<button type="button" role="tab" id="tab-legend" data-tab="legend" aria-controls="panel-legend">Legend</button>
</div>
<div id="panel-transcript" class="panel" role="tabpanel" aria-labelledby="tab-transcript"></div>
<div id="panel-server" class="panel" role="tabpanel" aria-labelledby="tab-server" hidden></div>
<div id="panel-acl" class="panel" role="tabpanel" aria-labelledby="tab-acl" hidden></div>
<div id="panel-legend" class="panel" role="tabpanel" aria-labelledby="tab-legend" hidden>${LEGEND}</div>
</aside>
`;

/** The status line under the plot. */
export const TIMELINE_FOOTER = `<footer><span id="status" aria-hidden="true"></span><span id="window"></span><span id="announce" class="visually-hidden" aria-live="polite"></span></footer>
`;

/** The keyboard and mouse help dialog (`?`). */
export function helpDialog(): string {
  const help = SHORTCUTS.map(
    ([keys, what]) => `<tr><th scope="row"><kbd>${esc(keys)}</kbd></th><td>${esc(what)}</td></tr>`,
  ).join('');
  return `<div id="help" role="dialog" aria-labelledby="help-title" hidden>
<h2 id="help-title">Keyboard and mouse</h2>
<table>${help}</table>
<p>The address bar keeps the cursor, the view and the selected server: copy it to share this moment.</p>
<button id="help-close" type="button">Close</button>
</div>
`;
}

/** A script as the inside of a `<script>` element (a `</script` in it would end the element). */
export function scriptText(script: string): string {
  return script.replace(/<\/(script)/gi, '<\\/$1');
}

export function pageDocument(parts: PageParts): string {
  return `${documentHead(`${parts.title} — nomad-sim timeline`, parts.css)}<body>
<div id="app">
<header>
${timelineHeader(parts.title)}</header>
<main>
${TIMELINE_PLOT}${SIDE_PANELS}</main>
${TIMELINE_FOOTER}</div>
${helpDialog()}<script type="application/json" id="timeline-data">${parts.data}</script>
<script>${scriptText(parts.script)}</script>
</body>
</html>
`;
}
