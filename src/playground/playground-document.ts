/**
 * The playground page as one HTML document: the timeline page's toolbar, plot, side panels and
 * help (src/timeline/page-document.ts), a bar to pick how the session starts, the terminal under
 * the plot, and the editor dialog of `edit`. The CSS and the script (an ES module bundling the
 * simulator, the scenarios and xterm.js) are inline, so the file works opened from disk
 * (`file://`, where a browser loads no module file beside it) as well as from any static host.
 */
import {
  documentHead,
  helpDialog,
  scriptText,
  SIDE_PANELS,
  TIMELINE_FOOTER,
  TIMELINE_PLOT,
  timelineHeader,
} from '../timeline/page-document.js';

export interface PlaygroundParts {
  /** The timeline page's CSS, xterm.js's, and the playground's own. */
  readonly css: string;
  /** The bundled ES module. */
  readonly script: string;
}

export function playgroundDocument(parts: PlaygroundParts): string {
  return `${documentHead('nomad-sim playground', parts.css)}<body class="playground" data-shell="starting">
<div id="app">
<header>
<span class="brand">nomad-sim playground</span>
${timelineHeader('')}</header>
<nav id="session" aria-label="How the session starts">
<label>Start from <select id="scenario"></select></label>
<label><select id="step" aria-label="Where the scenario stops"></select></label>
<label>seed <input id="seed" type="number" min="0" step="1" placeholder="default" inputmode="numeric"></label>
<button id="restart" type="button" title="Start this session again">Restart</button>
<span id="session-status" role="status"></span>
</nav>
<main>
${TIMELINE_PLOT}<div id="splitter" role="separator" aria-orientation="horizontal" aria-label="Terminal height: drag, or press ↑ and ↓" aria-controls="terminal-section" tabindex="0"></div>
<section id="terminal-section" aria-label="Terminal: the nomad-sim shell, typed into the simulated federation">
<div id="terminal"></div>
</section>
${SIDE_PANELS}</main>
${TIMELINE_FOOTER}</div>
${helpDialog()}<dialog id="editor" aria-labelledby="editor-title">
<h2 id="editor-title"></h2>
<textarea id="editor-text" spellcheck="false" rows="18" cols="80"></textarea>
<div class="buttons"><button id="editor-cancel" type="button">Cancel</button> <button id="editor-save" type="button">Save</button></div>
</dialog>
<script type="module">${scriptText(parts.script)}</script>
</body>
</html>
`;
}
