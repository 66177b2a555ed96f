/**
 * Builds the playground site: one `index.html` holding the whole simulator, the scenarios that
 * ship with it (scenarios/*.ts) and xterm.js, bundled by esbuild for the browser into an inline
 * ES module, with the timeline page's CSS, xterm's and the playground's own. Nothing is loaded
 * from anywhere else, so the folder works from `file://` and from any static host.
 *
 * The bundle is built for the browser platform: a Node module reached from the playground fails
 * the build (the tidy test keeps them out of src/ below the program layer). The one program module
 * scenario files import, scenario-main (which runs a scenario file given to `npx tsx`), is replaced
 * by a stub that never runs one: in the page a scenario file is only ever imported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { playgroundDocument } from '../playground/playground-document.js';
import { PREBUILT, prebuiltAsset } from './prebuilt-assets.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIOS = resolve(ROOT, 'scenarios');
const PLAYGROUND = resolve(ROOT, 'src/playground');
const TIMELINE_PAGE = resolve(ROOT, 'src/timeline/page');

/** Thrown when the site cannot be built; the message is one line. */
export class SiteBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SiteBuildError';
  }
}

/** What scenario files import from the program, as the page needs it: never run from the command line. */
const programStubs: Plugin = {
  name: 'playground-program-stubs',
  setup(plugin) {
    plugin.onResolve({ filter: /\/program\/scenario-main\.js$/ }, () => ({
      path: 'scenario-main',
      namespace: 'playground-stub',
    }));
    plugin.onLoad({ filter: /.*/, namespace: 'playground-stub' }, () => ({
      contents: 'export async function runScenarioMain() { return null; }\n',
      loader: 'js',
    }));
  },
};

/** The scenario files that ship with the simulator, by name. */
function scenarioFiles(): string[] {
  return readdirSync(SCENARIOS)
    .filter((name) => /^[\w-]+\.ts$/.test(name))
    .sort()
    .map((name) => resolve(SCENARIOS, name));
}

/** The entry module: imports every scenario and starts the playground with them. */
function entrySource(files: readonly string[]): string {
  const specifier = (path: string): string => JSON.stringify(`./${relative(ROOT, path)}`);
  const imports = files.map((file, i) => `import * as scenario${i} from ${specifier(file)};`);
  const list = files.map(
    (file, i) => `{ file: ${JSON.stringify(relative(ROOT, file))}, module: scenario${i} }`,
  );
  return `import { startPlayground } from ${specifier(resolve(PLAYGROUND, 'main.ts'))};
${imports.join('\n')}
startPlayground([${list.join(', ')}]);
`;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '') ?? text;
}

async function bundle(): Promise<string> {
  try {
    const result = await build({
      stdin: {
        contents: entrySource(scenarioFiles()),
        resolveDir: ROOT,
        sourcefile: 'playground-entry.js',
        loader: 'js',
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [programStubs],
    });
    return result.outputFiles[0]?.text ?? '';
  } catch (error) {
    throw new SiteBuildError(`cannot bundle the playground: ${firstLine(error)}`);
  }
}

/** xterm.js's license, which goes with every copy of it (the bundle is minified). */
function xtermLicense(): string {
  const require = createRequire(import.meta.url);
  const text = readFileSync(
    resolve(require.resolve('@xterm/xterm/package.json'), '../LICENSE'),
    'utf8',
  );
  return `This page includes xterm.js (https://github.com/xtermjs/xterm.js), under this license:\n\n${text}`;
}

let built: Promise<Map<string, string>> | null = null;

/**
 * The site's files by name (built once per process; an installed package reads its prebuilt
 * copy). Throws SiteBuildError.
 */
export function playgroundSite(): Promise<Map<string, string>> {
  built ??= (async () => {
    const prebuilt = prebuiltAsset(PREBUILT.playgroundHtml);
    if (prebuilt !== null) return new Map([['index.html', prebuilt]]);
    const require = createRequire(import.meta.url);
    const css = [
      readFileSync(resolve(TIMELINE_PAGE, 'style.css'), 'utf8'),
      readFileSync(require.resolve('@xterm/xterm/css/xterm.css'), 'utf8'),
      readFileSync(resolve(PLAYGROUND, 'style.css'), 'utf8'),
    ].join('\n');
    const script = await bundle();
    const notice = `<!--\n${xtermLicense().replace(/--/g, '- -')}-->\n`;
    return new Map([['index.html', `${playgroundDocument({ css, script })}${notice}`]]);
  })();
  built.catch(() => {
    built = null;
  });
  return built;
}
