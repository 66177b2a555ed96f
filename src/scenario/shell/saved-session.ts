/**
 * A shell session as data, and as the scenario script `save FILE.ts` writes: how the federation
 * was set up (regions, seed, profile, or a scenario played up to a step, the guide) and every
 * command typed,
 * with its exit status and what the front end supplied (an edited config text, how long `logs -f`
 * followed). Running the script replays those lines through the same interpreter, so it prints
 * the same transcript, byte for byte.
 */
import type { RegionSpec } from '../../region/cluster.js';
import type { ProfileName } from '../../acl/index.js';

/** One command as typed (several lines for a here-document), and what came of it. */
export interface ShellEntry {
  readonly line: string;
  /** Its exit status (0 when omitted). */
  readonly exit?: number;
  /** Texts the person saved in the editor, in order (`edit`). */
  readonly edited?: readonly string[];
  /** Virtual ms after which the command stopped: `logs -f` ended, or Ctrl-C interrupted `sleep`. */
  readonly stoppedAfterMs?: number;
}

/** How the shell's federation was set up. */
export interface ShellSetup {
  readonly regions: readonly RegionSpec[];
  /** Written into every server's config at the start. */
  readonly authoritativeRegion?: string;
  readonly seed: number;
  readonly profile: ProfileName;
  /** A scenario file played up to the step titled `until` (every step when omitted) first. */
  readonly from?: { readonly file: string; readonly until?: string };
  /** The guide that followed the session from its start (`--guide tutorial`). */
  readonly guide?: string;
}

export interface SavedSession {
  readonly setup: ShellSetup;
  readonly entries: readonly ShellEntry[];
}

/** Where the saved script imports from, relative to where it is written. */
export interface SavedScriptImports {
  /** The shell library (src/scenario/shell/index.ts). */
  readonly shell: string;
  /** The program's replay entry (src/program/shell-replay.ts). */
  readonly main: string;
  /** The scenario file of `setup.from`. */
  readonly from?: string;
}

/** A single-quoted TypeScript string literal (line breaks and quotes escaped). */
function quote(text: string): string {
  return `'${text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/[\r\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

function entryCode(entry: ShellEntry): string {
  const extra: string[] = [];
  if ((entry.exit ?? 0) !== 0) extra.push(`exit: ${entry.exit}`);
  if (entry.edited !== undefined && entry.edited.length > 0)
    extra.push(`edited: [${entry.edited.map(quote).join(', ')}]`);
  if (entry.stoppedAfterMs !== undefined) extra.push(`stoppedAfterMs: ${entry.stoppedAfterMs}`);
  return extra.length === 0
    ? quote(entry.line)
    : `{ line: ${quote(entry.line)}, ${extra.join(', ')} }`;
}

/** The scenario script for `saved`, named `name` (the file name without extension). */
export function renderShellScript(
  saved: SavedSession,
  imports: SavedScriptImports,
  name: string,
): string {
  const { setup } = saved;
  const lines = [
    '/**',
    ` * A session typed in \`nomad-sim shell\` and saved with \`save\`: ${saved.entries.length} command${saved.entries.length === 1 ? '' : 's'}.`,
    ' * Replaying it prints the same transcript, byte for byte; a command whose exit status differs',
    ' * from the one recorded stops the replay (SCENARIO FAILED).',
    ' *',
    ` * Run: npx tsx ${name}.ts`,
    ' */',
    `import { defineShellScenario } from ${quote(imports.shell)};`,
    `import { runShellScenarioMain } from ${quote(imports.main)};`,
  ];
  lines.push(
    '',
    'export const scenario = defineShellScenario(',
    '  {',
    `    name: ${quote(name)},`,
  );
  if (setup.from !== undefined) {
    const until = setup.from.until === undefined ? '' : `, until: ${quote(setup.from.until)}`;
    lines.push(
      `    from: { scenario: () => import(${quote(imports.from ?? setup.from.file)})${until} },`,
    );
  }
  lines.push(
    `    regions: [${setup.regions.map((r) => `{ name: ${quote(r.name)}, servers: ${r.servers}${r.clients === undefined || r.clients === 0 ? '' : `, clients: ${r.clients}`} }`).join(', ')}],`,
  );
  if (setup.authoritativeRegion !== undefined)
    lines.push(`    authoritativeRegion: ${quote(setup.authoritativeRegion)},`);
  lines.push(`    seed: ${setup.seed},`, `    profile: ${quote(setup.profile)},`);
  if (setup.guide !== undefined) lines.push(`    guide: ${quote(setup.guide)},`);
  lines.push('  },', '  [');
  for (const entry of saved.entries) lines.push(`    ${entryCode(entry)},`);
  lines.push(
    '  ],',
    ');',
    '',
    'export default scenario;',
    '// The file may run as CommonJS (outside a "type": "module" package): no top-level await there.',
    "void runShellScenarioMain(scenario, typeof __filename === 'string' ? __filename : import.meta.url);",
    '',
  );
  return lines.join('\n');
}
