/**
 * Tidiness rules that keep runs reproducible and the tree honest: nothing in src/ reads the real
 * clock, Math.random, timers or other unseeded sources (except the modules listed as deliberate
 * real-time edges), nothing outside src/program needs Node (the simulation also runs in the
 * playground's browser page), every source file opens with a doc comment saying what it is for, imports only
 * point down the layer order of docs/architecture.md (type-only imports included), sibling folders
 * import each other without cycles, and every file is imported by another or is an entry point.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative } from 'node:path';

/** Modules allowed to touch real time or the real filesystem/process, and why. */
const REAL_TIME_EDGES = new Map<string, string>([
  ['src/program/nomad-sim.ts', 'the command-line program: reads argv, writes files, exits'],
  ['src/program/trace-file.ts', 'writes the trace to a real file'],
  [
    'src/program/chaos-progress.ts',
    "paces the progress line of a long chaos run by the wall clock (it only reads the run's statistics)",
  ],
  [
    'src/program/shell-terminal.ts',
    'the shell on a terminal: `logs -f` follows at wall-clock pace',
  ],
  [
    'src/program/campaign-main.ts',
    'a campaign: times the run, handles Ctrl-C, writes the result files',
  ],
  ['src/program/campaign-worker.ts', "a campaign's worker thread: measures each seed's wall time"],
  ['src/program/campaign-progress.ts', 'the progress bar: reads the clock, redraws on a timer'],
  [
    'src/testing/worker-pool.ts',
    'the worker threads of property runs and campaigns: starts threads (tinypool)',
  ],
  [
    'src/testing/acl-model-parallel.ts',
    'runAclModelTest({ workers }): picks a fast-check seed from the clock when none is given, as fast-check does',
  ],
  [
    'src/program/playground-main.ts',
    'the playground command: listens on a port, starts the browser, writes the site',
  ],
  [
    'src/playground/page-host.ts',
    "the playground page's shell host: `logs -f` follows at wall-clock pace",
  ],
  [
    'src/sim/host-turn.ts',
    "waits one turn of the host's event loop (no clock, no delay) so awaiting code runs first",
  ],
]);

const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bMath\.random\b/, 'Math.random'],
  [/\bDate\.now\b/, 'Date.now'],
  [/\bnew Date\(\s*\)/, 'new Date()'],
  [/\bperformance\.now\b/, 'performance.now'],
  [/\bprocess\.hrtime\b/, 'process.hrtime'],
  [/\bset(Timeout|Interval|Immediate)\s*\(/, 'real timers'],
  [
    /\bcrypto\.(randomUUID|randomBytes|getRandomValues)\b|\brandomUUID\s*\(|\brandomBytes\s*\(/,
    'unseeded crypto randomness',
  ],
];

/** Node's built-in modules, by the names an import may use (`fs`, `node:fs`, `fs/promises`). */
const NODE_MODULES = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Packages that only run under Node (worker threads). */
const NODE_ONLY_PACKAGES = new Set(['tinypool']);

/**
 * The files below src/program that may use Node all the same, and why: parts of the testing
 * toolkit that only a Node test run calls (the page's bundle never imports them).
 */
const NODE_ONLY_TOOLKIT = new Map<string, string>([
  ['src/testing/worker-pool.ts', 'runAclModelTest({ workers }): starts worker threads (tinypool)'],
]);

/**
 * What a line of code uses that only Node has: built-in modules and Node's globals (outside
 * comments and string literals, such as the text of a script a file generates).
 */
function nodeOnlyUses(line: string): string[] {
  const code = line.replace(/\/\/.*$/, '');
  const out: string[] = [];
  for (const match of code.matchAll(
    /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/g,
  )) {
    const spec = match[1] as string;
    if (NODE_MODULES.has(spec) || spec.startsWith('node:') || NODE_ONLY_PACKAGES.has(spec))
      out.push(`imports ${spec}`);
  }
  const bare = code.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
  for (const [pattern, what] of NODE_GLOBALS) if (pattern.test(bare)) out.push(what);
  return out;
}

const NODE_GLOBALS: Array<[RegExp, string]> = [
  [/\bprocess\.\w/, 'process'],
  [/(?<![\w.'"])Buffer\.\w/, 'Buffer'],
  [/\b__dirname\b|\b__filename\b|\bimport\.meta\.(dirname|filename)\b/, "the module's file path"],
  [/\brequire\s*\(/, 'require'],
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const root = join(import.meta.dirname, '..');
const files = sourceFiles(join(root, 'src')).map((f) => relative(root, f));

describe('tidy', () => {
  it('src/ never reads the real clock, Math.random, timers or unseeded randomness', () => {
    const hits: string[] = [];
    for (const file of files) {
      if (REAL_TIME_EDGES.has(file)) continue;
      const lines = readFileSync(join(root, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        for (const [pattern, what] of FORBIDDEN)
          if (pattern.test(code)) hits.push(`${file}:${i + 1}: ${what}`);
      });
    }
    expect(hits).toEqual([]);
  });

  it('src/ outside the program layer imports no Node module and uses no Node global (it runs in a browser too)', () => {
    const hits: string[] = [];
    for (const file of files.filter(
      (f) => !f.startsWith('src/program/') && !NODE_ONLY_TOOLKIT.has(f),
    )) {
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const use of nodeOnlyUses(line)) hits.push(`${file}:${i + 1}: ${use}`);
        });
    }
    expect(hits).toEqual([]);
  });

  it('the checker itself catches a forbidden call', () => {
    const sample = 'const t = Date.now(); setTimeout(() => {}, 5);';
    expect(FORBIDDEN.filter(([p]) => p.test(sample)).map(([, what]) => what)).toEqual([
      'Date.now',
      'real timers',
    ]);
    expect(nodeOnlyUses("import { createHash } from 'node:crypto';")).toEqual([
      'imports node:crypto',
    ]);
    expect(nodeOnlyUses("import { readFileSync } from 'fs';")).toEqual(['imports fs']);
    expect(nodeOnlyUses('const data = Buffer.from(bytes); process.exit(1);')).toEqual([
      'process',
      'Buffer',
    ]);
    expect(
      nodeOnlyUses('const view = bytes.subarray(1); // Buffer.from in a comment is text'),
    ).toEqual([]);
    expect(nodeOnlyUses("lines.push('process.exit(1) in generated text');")).toEqual([]);
  });

  it('every source file starts with a doc comment', () => {
    const missing = files.filter(
      (file) => !/^(#!.*\n)?\s*\/\*\*/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(missing).toEqual([]);
  });
});

/** The layers of src/, lowest first: a file may import its own folder and the folders before it. */
const LAYERS = [
  'sim',
  'go',
  'version',
  'hcl',
  'raft',
  'acl',
  'agent-config',
  'server',
  'region',
  'replication',
  'api',
  'cli',
  'check',
  'scenario',
  'testing',
  'timeline',
  'playground',
  'program',
  'scenario-entry.ts',
  'index.ts',
];

/** Files nothing in src/ imports on purpose: the package entries and the executable. */
const ENTRY_POINTS = new Set([
  'src/index.ts',
  'src/testing/index.ts',
  'src/scenario-entry.ts',
  'src/program/nomad-sim.ts',
  'src/timeline/page/main.ts',
  'src/playground/main.ts',
]);

interface ImportLine {
  readonly file: string;
  readonly line: number;
  /** The imported file, relative to the repository root (`.js` specifiers mapped to `.ts`). */
  readonly target: string;
}

const IMPORT_SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every relative import of `file` (static, type-only, re-exports and dynamic `import()`). */
function importsOf(file: string, text: string): ImportLine[] {
  const out: ImportLine[] = [];
  text.split('\n').forEach((line, i) => {
    for (const match of line.matchAll(IMPORT_SPECIFIER)) {
      const spec = match[1] as string;
      const target = normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
      out.push({ file, line: i + 1, target });
    }
  });
  return out;
}

/** The layer of a file under src/ (its top folder, or the file itself at the top). */
function layerOf(file: string): string {
  return file.split('/')[1] as string;
}

/** `file:line` of each import that points up the layer order or out of the known layers. */
function wrongWayImports(imports: readonly ImportLine[]): string[] {
  const out: string[] = [];
  for (const { file, line, target } of imports) {
    const from = LAYERS.indexOf(layerOf(file));
    const to = LAYERS.indexOf(layerOf(target));
    if (from === -1) out.push(`${file}:${line}: ${layerOf(file)} is not a known layer`);
    else if (to === -1 || to > from)
      out.push(
        `${file}:${line}: ${layerOf(file)} imports ${target} (layer ${layerOf(target)} is above it)`,
      );
  }
  return out;
}

/**
 * Cycles among sibling folders (for example src/acl/policy and src/acl/token): a folder's files may
 * use its parent's and its subfolders', but two siblings may not depend on each other, even through
 * others. Returns each cycle as its folders joined by ` -> `.
 */
function siblingCycles(imports: readonly ImportLine[]): string[] {
  const edges = new Map<string, Set<string>>();
  for (const { file, target } of imports) {
    const a = dirname(file).split('/');
    const b = dirname(target).split('/');
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    if (common === a.length || common === b.length) continue; // same folder, or parent and child
    const from = a.slice(0, common + 1).join('/');
    const to = b.slice(0, common + 1).join('/');
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)?.add(to);
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open')
        cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('layers', () => {
  const imports = files.flatMap((file) => importsOf(file, readFileSync(join(root, file), 'utf8')));

  it('every import in src/ points down the layer order (type-only imports included)', () => {
    expect(wrongWayImports(imports)).toEqual([]);
  });

  it('sibling folders do not import each other in a cycle', () => {
    expect(siblingCycles(imports)).toEqual([]);
  });

  it('every file in src/ is imported by another, or is an entry point', () => {
    const imported = new Set(imports.map((i) => i.target));
    expect(files.filter((file) => !imported.has(file) && !ENTRY_POINTS.has(file))).toEqual([]);
  });

  it('the timeline model and page import nothing but each other and the trace types (they run in a browser)', () => {
    const outside: string[] = [];
    for (const file of files.filter((f) => f.startsWith('src/timeline/'))) {
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const match of line.matchAll(
            /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/g,
          )) {
            const spec = match[1] as string;
            const target = normalize(join(dirname(file), spec));
            const allowed =
              spec.startsWith('.') &&
              (target.startsWith('src/timeline/') ||
                /^import type .* from '\.\.\/sim\/trace\.js';$/.test(line.trim()));
            if (!allowed) outside.push(`${file}:${i + 1}: ${spec}`);
          }
        });
    }
    expect(outside).toEqual([]);
  });

  it('the checks catch a wrong-way import, a type-only one, and a cycle between siblings', () => {
    const sample = [
      ...importsOf('src/acl/eval/acl.ts', "import type { Server } from '../../server/server.js';"),
      ...importsOf(
        'src/raft/node.ts',
        "import { x } from '../sim/random.js';\nexport { y } from '../region/cluster.js';",
      ),
    ];
    expect(wrongWayImports(sample)).toEqual([
      'src/acl/eval/acl.ts:1: acl imports src/server/server.ts (layer server is above it)',
      'src/raft/node.ts:2: raft imports src/region/cluster.ts (layer region is above it)',
    ]);
    const cyclic = [
      ...importsOf('src/acl/policy/a.ts', "import { b } from '../token/b.js';"),
      ...importsOf('src/acl/token/b.ts', "import { c } from '../state/c.js';"),
      ...importsOf('src/acl/state/c.ts', "import { a } from '../policy/a.js';"),
    ];
    expect(siblingCycles(cyclic)).toEqual([
      'src/acl/policy -> src/acl/token -> src/acl/state -> src/acl/policy',
    ]);
  });
});
