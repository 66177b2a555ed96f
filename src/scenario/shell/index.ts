/**
 * `nomad-sim shell` as a library: start a live federation and an interpreter that takes typed
 * lines (no real I/O: the front end supplies terminal services), save a session as a scenario
 * script, and replay one. src/program/shell-main.ts is the terminal front end.
 */
export {
  Shell,
  type RecordedInput,
  type ShellHost,
  type ShellOptions,
  type TraceWriter,
} from './shell.js';
export {
  DEFAULT_SHELL_REGIONS,
  shellScenarioInfo,
  startShell,
  type StartShellOptions,
  type StartShellResult,
} from './start-shell.js';
export {
  defineShellScenario,
  type ShellReplayOptions,
  type ShellScenario,
  type ShellScenarioSetup,
} from './shell-scenario.js';
export {
  renderShellScript,
  type SavedScriptImports,
  type SavedSession,
  type ShellEntry,
  type ShellSetup,
} from './saved-session.js';
export { completeLine } from './completion.js';
