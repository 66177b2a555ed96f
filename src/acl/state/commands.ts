/**
 * The ACL commands a server writes to its Raft log, and their application to the ACL tables.
 * Commands are plain data (msgpackr-encodable) discriminated by `type`; a server's state machine
 * decodes a committed entry and dispatches it here with the entry's Raft index. The result is a
 * value: the FSM-level bootstrap re-check may refuse (spec §3.2 step 7); the other writes always
 * succeed.
 */
import type { AclPolicy } from '../policy/stored-policy.js';
import type { Result } from '../errors.js';
import { ok } from '../errors.js';
import type { AclTables } from './tables.js';
import type { AclToken } from '../token/token.js';
import { assertNever } from '../../sim/assert-never.js';
import type { AclObjectCommand } from './acl-object-commands.js';
import { ACL_OBJECT_COMMAND_TYPES, isAclObjectCommand } from './acl-object-commands.js';

/** Nomad's `ACLTokenBootstrapRequestType`. `resetIndex` 0 = first bootstrap. */
export interface AclBootstrapCommand {
  readonly type: 'acl.bootstrap';
  readonly resetIndex: number;
  readonly token: AclToken;
}

/** Nomad's `ACLPolicyUpsertRequestType`: hashed policies (indexes are set on apply). */
export interface AclPolicyUpsertCommand {
  readonly type: 'acl.policy.upsert';
  readonly policies: readonly AclPolicy[];
}

/** Nomad's `ACLPolicyDeleteRequestType`. */
export interface AclPolicyDeleteCommand {
  readonly type: 'acl.policy.delete';
  readonly names: readonly string[];
}

/** Nomad's `ACLTokenUpsertRequestType`: hashed tokens (indexes are set on apply). */
export interface AclTokenUpsertCommand {
  readonly type: 'acl.token.upsert';
  readonly tokens: readonly AclToken[];
}

/** Nomad's `ACLTokenDeleteRequestType`. */
export interface AclTokenDeleteCommand {
  readonly type: 'acl.token.delete';
  readonly accessorIds: readonly string[];
}

export type AclCommand =
  | AclBootstrapCommand
  | AclPolicyUpsertCommand
  | AclPolicyDeleteCommand
  | AclTokenUpsertCommand
  | AclTokenDeleteCommand
  | AclObjectCommand;

export type AclCommandType = AclCommand['type'];

export const ACL_COMMAND_TYPES: readonly AclCommandType[] = [
  'acl.bootstrap',
  'acl.policy.upsert',
  'acl.policy.delete',
  'acl.token.upsert',
  'acl.token.delete',
  ...ACL_OBJECT_COMMAND_TYPES,
];

/** True for commands this module handles (for a server state machine that dispatches by type). */
export function isAclCommand(command: { readonly type: string }): command is AclCommand {
  return (ACL_COMMAND_TYPES as readonly string[]).includes(command.type);
}

/** What an applied command answers: the Raft index it was applied at. Writers re-read from the tables. */
export interface AclApplied {
  readonly index: number;
}

export type AclApplyResult = Result<AclApplied>;

/** Applies `command` committed at Raft `index` to `tables`. */
export function applyAclCommand(
  tables: AclTables,
  index: number,
  command: AclCommand,
): AclApplyResult {
  if (isAclObjectCommand(command)) return tables.applyObjectCommand(index, command);
  switch (command.type) {
    case 'acl.bootstrap': {
      const result = tables.bootstrap(index, command.resetIndex, command.token);
      return result.ok ? ok({ index }) : result;
    }
    case 'acl.policy.upsert':
      tables.upsertPolicies(index, command.policies);
      return ok({ index });
    case 'acl.policy.delete':
      tables.deletePolicies(index, command.names);
      return ok({ index });
    case 'acl.token.upsert':
      tables.upsertTokens(index, command.tokens);
      return ok({ index });
    case 'acl.token.delete':
      tables.deleteTokens(index, command.accessorIds);
      return ok({ index });
    default:
      return assertNever(command, 'ACL command');
  }
}
