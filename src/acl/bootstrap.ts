/**
 * The endpoint side of `ACL.Bootstrap` (spec §3.2 steps 4–6, §3.4) as a pure decision: given the
 * state's bootstrap check, the content of the reset file (read by the caller from the leader's
 * simulated disk, `null` when missing) and the optional operator secret, either refuse with
 * Nomad's coded error or produce the token and reset index to Raft-apply. The log lines Nomad
 * writes while reading the reset file come back as data for the caller to emit.
 *
 * Reset file parsing follows Go's `fmt.Sscanf(content, "%d", &uint64)`: skip leading blanks
 * (spaces, tabs, \v, \f, lone \r and Unicode spaces; a newline is an error), then at least one
 * decimal digit, read greedily; anything after the number is ignored; no sign is accepted for an
 * unsigned target; values above 2^64-1 fail. A failure counts as 0 (= no reset requested).
 */
import type { IdSource } from '../sim/ids.js';
import { isUuid } from '../sim/ids.js';
import type { NomadError } from './errors.js';
import { INVALID_ACL_TOKEN, nomadError } from './errors.js';
import type { VersionProfile } from '../version/profile.js';
import type { BootstrapCheck } from './state/tables.js';
import type { AclToken } from './token/token.js';
import { newBootstrapToken } from './token/token.js';
import type { SeededBugs } from '../sim/seeded-bugs.js';

/** File name of the reset file inside the server data dir (`<data_dir>/server/acl-bootstrap-reset`). */
export const BOOTSTRAP_RESET_FILE_NAME = 'acl-bootstrap-reset';

/** A log line as data (level, message, key/value fields), as Nomad's hclog would write it. */
export interface BootstrapLogLine {
  readonly level: 'warn' | 'error';
  readonly message: string;
  readonly fields: Readonly<Record<string, string | number>>;
}

/** Outcome of reading the reset file's content. */
export type ResetFileParse =
  | { readonly kind: 'missing' }
  | { readonly kind: 'parsed'; readonly value: number; readonly text: string }
  | { readonly kind: 'invalid'; readonly error: string };

const MAX_UINT64 = 18_446_744_073_709_551_615n;

/** Go's scanner `isSpace` minus '\n', which Sscanf treats as an error when the format has none. */
function isScanBlank(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c >= 0x09 && c <= 0x0d && c !== 0x0a) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Parses reset file content with Go `%d` scan semantics into an unsigned 64-bit value. */
export function parseResetFile(content: string | null): ResetFileParse {
  if (content === null) return { kind: 'missing' };
  const chars = [...content];
  let at = 0;
  while (at < chars.length) {
    const ch = chars[at] as string;
    if (ch === '\r' && chars[at + 1] === '\n') {
      at += 1;
      continue;
    }
    if (ch === '\n') return { kind: 'invalid', error: 'unexpected newline' };
    if (!isScanBlank(ch)) break;
    at += 1;
  }
  if (at >= chars.length) return { kind: 'invalid', error: 'unexpected EOF' };
  let digits = '';
  while (at < chars.length && /^[0-9]$/.test(chars[at] as string)) {
    digits += chars[at];
    at += 1;
  }
  if (digits === '') return { kind: 'invalid', error: 'expected integer' };
  const value = BigInt(digits);
  if (value > MAX_UINT64)
    return { kind: 'invalid', error: `strconv.ParseUint: parsing "${digits}": value out of range` };
  return { kind: 'parsed', value: Number(value), text: value.toString() };
}

/** The reset index a parse result stands for (0 = none), and the log line Nomad writes. */
export function resetFileOutcome(
  parse: ResetFileParse,
  path: string,
): { value: number; text: string; log: BootstrapLogLine | null } {
  switch (parse.kind) {
    case 'missing':
      return { value: 0, text: '0', log: null };
    case 'invalid':
      return {
        value: 0,
        text: '0',
        log: {
          level: 'error',
          message: 'failed to parse bootstrap file',
          fields: { path, error: parse.error },
        },
      };
    case 'parsed':
      return {
        value: parse.value,
        text: parse.text,
        log: {
          level: 'warn',
          message: 'bootstrap file parsed',
          fields: { path, reset_index: parse.text },
        },
      };
  }
}

/** Inputs of `planBootstrap`. */
export interface BootstrapPlanInput {
  /** The state's answer (`AclTables.canBootstrap()`), on the authoritative leader. */
  readonly check: BootstrapCheck;
  /** Content of `<data_dir>/server/acl-bootstrap-reset` on that server, `null` when absent. */
  readonly resetFileContent: string | null;
  /** Path shown in log lines (default: the bare file name). */
  readonly resetFilePath?: string | undefined;
  /** Operator-supplied SecretID (request body `BootstrapSecret`); empty/absent = generate. */
  readonly bootstrapSecret?: string | undefined;
  readonly profile: VersionProfile;
  /** Virtual ms; CreateTime of the new token. */
  readonly now: number;
  readonly ids: IdSource;
  /** Seeded bugs (tests only); planning reads `acceptStaleResetIndex`. */
  readonly bugs?: SeededBugs | undefined;
}

/** What to do: refuse, or Raft-apply `{ type: 'acl.bootstrap', resetIndex, token }`. */
export type BootstrapPlan =
  | { readonly ok: false; readonly error: NomadError; readonly logs: readonly BootstrapLogLine[] }
  | {
      readonly ok: true;
      readonly token: AclToken;
      readonly resetIndex: number;
      readonly logs: readonly BootstrapLogLine[];
      /** True when a secret was given but the profile's Nomad ignores it (tutorial era). */
      readonly secretIgnored: boolean;
    };

/**
 * Decides a bootstrap request on the executing server (spec §3.2 steps 4–6). The reset file is
 * only read when a bootstrap was already done. Ids are drawn only when the request proceeds.
 * Refusals use the profile's `bootstrapErrorStatus` (400 modern, 500 tutorial).
 */
export function planBootstrap(input: BootstrapPlanInput): BootstrapPlan {
  const status = input.profile.bootstrapErrorStatus;
  const logs: BootstrapLogLine[] = [];
  let resetIndex = 0;
  if (!input.check.allowed) {
    const current = input.check.resetIndex;
    const file = resetFileOutcome(
      parseResetFile(input.resetFileContent),
      input.resetFilePath ?? BOOTSTRAP_RESET_FILE_NAME,
    );
    if (file.log !== null) logs.push(file.log);
    if (file.value === 0) {
      return {
        ok: false,
        error: nomadError(status, `ACL bootstrap already done (reset index: ${current})`),
        logs,
      };
    }
    const staleAccepted = input.bugs?.acceptStaleResetIndex === true && file.value < current;
    if (!staleAccepted && (file.value !== current || file.text !== String(current))) {
      return {
        ok: false,
        error: nomadError(
          status,
          `Invalid bootstrap reset index (specified ${file.text}, reset index: ${current})`,
        ),
        logs,
      };
    }
    resetIndex = current;
  }
  const secret = input.bootstrapSecret ?? '';
  const secretUsed = input.profile.bootstrapSecretSupported && secret !== '';
  if (secretUsed && !isUuid(secret))
    return { ok: false, error: nomadError(status, INVALID_ACL_TOKEN), logs };
  const token = newBootstrapToken(input.ids, input.now, secretUsed ? secret : undefined);
  return { ok: true, token, resetIndex, logs, secretIgnored: secret !== '' && !secretUsed };
}
