/** Every `nomad-sim shell` command by name, in the order `help` lists them. */
import type { ShellCommand } from './shell-command.js';
import { nomadCommand } from './commands/nomad-command.js';
import {
  echoCommand,
  envCommand,
  exportCommand,
  unsetCommand,
} from './commands/environment-commands.js';
import {
  catCommand,
  cdCommand,
  lsCommand,
  pwdCommand,
  rmCommand,
} from './commands/file-commands.js';
import { exitCommand, sshCommand } from './commands/host-commands.js';
import { configCommand, editCommand } from './commands/config-commands.js';
import {
  crashCommand,
  restartCommand,
  rollingRestartCommand,
  startCommand,
  stopCommand,
  systemctlCommand,
  transferLeadershipCommand,
} from './commands/lifecycle-commands.js';
import {
  healCommand,
  isolateCommand,
  lossCommand,
  partitionCommand,
  sleepCommand,
} from './commands/fault-commands.js';
import { logsCommand, statusCommand, traceCommand } from './commands/inspect-commands.js';
import { helpCommand, saveCommand } from './commands/session-commands.js';
import { guideCommand, hintCommand } from './commands/guide-commands.js';

const ALL: readonly ShellCommand[] = [
  nomadCommand,
  exportCommand,
  unsetCommand,
  envCommand,
  echoCommand,
  sshCommand,
  exitCommand,
  catCommand,
  lsCommand,
  rmCommand,
  cdCommand,
  pwdCommand,
  configCommand,
  editCommand,
  systemctlCommand,
  restartCommand,
  rollingRestartCommand,
  crashCommand,
  stopCommand,
  startCommand,
  transferLeadershipCommand,
  partitionCommand,
  isolateCommand,
  healCommand,
  lossCommand,
  sleepCommand,
  statusCommand,
  logsCommand,
  traceCommand,
  saveCommand,
  guideCommand,
  hintCommand,
  helpCommand,
];

export const SHELL_COMMANDS: ReadonlyMap<string, ShellCommand> = new Map(
  ALL.map((command) => [command.name, command]),
);
