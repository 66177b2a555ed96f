/**
 * What a `nomad` command runs against, and what it gives back.
 *
 * `NomadContext` is the operator's workstation: environment variables, the files on disk (policy
 * files, job files, bootstrap secrets), stdin, the HTTP transport to the simulated agents, the
 * Nomad version profile, and the address used when neither `-address` nor `NOMAD_ADDR` is set.
 * `CommandResult` is what a shell would capture: stdout, stderr and the exit code. Every failure
 * of a command is a `CommandResult`; nothing is thrown at the caller.
 */
import type { ProfileName } from '../../acl/index.js';
import type { ApiTransport } from '../../server/http.js';

/** The operator workstation's files. `read` returns `undefined` when the file does not exist. */
export interface WorkstationFiles {
  read(path: string): string | undefined;
}

export interface NomadContext {
  /** Environment: `NOMAD_TOKEN`, `NOMAD_REGION`, `NOMAD_ADDR`, `NOMAD_NAMESPACE` are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly transport: ApiTransport;
  readonly files: WorkstationFiles;
  /** Standard input, read when a file argument is `-`. Absent means empty input. */
  readonly stdin?: string;
  readonly profile: ProfileName;
  /** Agent address when neither `-address` nor `NOMAD_ADDR` is given (Nomad: `http://127.0.0.1:4646`). */
  readonly defaultAddress: string;
  /**
   * The workstation clock in virtual milliseconds (the simulation's time), used where Nomad's CLI
   * compares with `time.Now()`: the `Expired` column of `acl token list`. Absent: nothing expired.
   */
  readonly now?: number;
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Nomad's default agent address. */
export const DEFAULT_NOMAD_ADDRESS = 'http://127.0.0.1:4646';
