/**
 * ACL operations for property tests, in two forms:
 *
 * - `AclCall`: a concrete request an operator makes — which server receives it (`region/server-N`),
 *   who calls (`anonymous`, `bogus` = an unknown secret, or a token handle `t1`, `t2`, ... that names
 *   the n-th token created in the run), and the operation's own fields. Calls print well and turn
 *   into `nomad` command lines for counterexample scenarios.
 * - `AclOperation`: what the arbitraries generate — the same operations with abstract picks
 *   (server and token positions as natural numbers) so that a sequence stays meaningful for any
 *   cluster shape and while it shrinks. A reference model resolves picks into calls against the
 *   tokens it knows at that point (see `AclReferenceModel.resolve`).
 */
import fc from 'fast-check';
import { RULES_NAMES, rulesNameFor, type RulesName } from './acl-rules.js';

/** A bootstrap with Nomad's generated secret, the operator secret, or a secret that is not a UUID. */
export type BootstrapSecretChoice = 'generated' | 'operator' | 'invalid';

/** Caller of a call: no token, an unknown (UUID-shaped) secret, or a token handle such as `t1`. */
export type CallerRef = 'anonymous' | 'bogus' | `t${number}`;
/** Target of a token read/delete: an unknown accessor or a token handle. */
export type TokenRef = 'bogus' | `t${number}`;

/** The fields of every operation, parameterised by how the server, caller, target and rules are given. */
type OperationShape<Via, Caller, Target, Rules> =
  | { op: 'bootstrap'; via: Via; secret: BootstrapSecretChoice }
  | { op: 'policy.write'; via: Via; as: Caller; name: string; description: string; rules: Rules }
  | { op: 'policy.delete'; via: Via; as: Caller; name: string }
  | { op: 'policy.read'; via: Via; as: Caller; name: string }
  | { op: 'policy.list'; via: Via; as: Caller }
  | {
      op: 'token.create';
      via: Via;
      as: Caller;
      name: string;
      type: 'client' | 'management';
      global: boolean;
      policies: string[];
    }
  | { op: 'token.delete'; via: Via; as: Caller; target: Target }
  | { op: 'token.read'; via: Via; as: Caller; target: Target }
  | { op: 'token.list'; via: Via; as: Caller }
  | { op: 'token.self'; via: Via; as: Caller }
  | { op: 'jobs.list'; via: Via; as: Caller };

/** A concrete ACL request: `via` is `region/server-N`, rules are the policy text itself. */
export type AclCall = OperationShape<string, CallerRef, TokenRef, string>;

/** A server by position: region index and server index, both taken modulo the cluster's shape. */
export interface ServerPick {
  readonly region: number;
  readonly server: number;
}

/**
 * A caller by kind: `management` picks among the live management tokens (falling back to any
 * token, then anonymous), `any` among every token created so far, deleted ones included.
 */
export type CallerPick =
  | { kind: 'anonymous' }
  | { kind: 'bogus' }
  | { kind: 'management'; pick: number }
  | { kind: 'any'; pick: number };
export type TargetPick = { kind: 'bogus' } | { kind: 'any'; pick: number };

/** A generated ACL operation (picks instead of concrete servers and tokens; rules by table name). */
export type AclOperation = OperationShape<ServerPick, CallerPick, TargetPick, RulesName>;

export type AclOperationKind = AclOperation['op'];

/** Policy names generated operations use: `anonymous` matters to Nomad, `bad_name` is invalid. */
export const POLICY_NAME_POOL = ['anonymous', 'readonly', 'ops', 'bad_name'] as const;
/** Policy names generated tokens link to (`missing` is never written). */
export const TOKEN_POLICY_POOL = ['anonymous', 'readonly', 'ops', 'missing'] as const;
export const TOKEN_NAME_POOL = ['', 'ops token', 'ci'] as const;
/** Descriptions for policy writes; the last is one byte too long (257). */
export const DESCRIPTION_POOL = ['', 'Anonymous policy (full-access)', 'x'.repeat(257)] as const;

export function serverPickArb(): fc.Arbitrary<ServerPick> {
  return fc.record({ region: fc.nat({ max: 7 }), server: fc.nat({ max: 7 }) });
}

export function callerPickArb(): fc.Arbitrary<CallerPick> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.nat({ max: 15 }).map((pick): CallerPick => ({ kind: 'management', pick })),
    },
    {
      weight: 2,
      arbitrary: fc.nat({ max: 15 }).map((pick): CallerPick => ({ kind: 'any', pick })),
    },
    { weight: 1, arbitrary: fc.constant<CallerPick>({ kind: 'anonymous' }) },
    { weight: 1, arbitrary: fc.constant<CallerPick>({ kind: 'bogus' }) },
  );
}

export function targetPickArb(): fc.Arbitrary<TargetPick> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.nat({ max: 15 }).map((pick): TargetPick => ({ kind: 'any', pick })),
    },
    { weight: 1, arbitrary: fc.constant<TargetPick>({ kind: 'bogus' }) },
  );
}

export interface AclOperationConstraints {
  /** Relative weights per operation kind (missing kinds use the defaults; 0 disables one). */
  readonly weights?: Partial<Record<AclOperationKind, number>>;
}

const DEFAULT_WEIGHTS: Record<AclOperationKind, number> = {
  bootstrap: 2,
  'policy.write': 5,
  'policy.delete': 1,
  'policy.read': 2,
  'policy.list': 2,
  'token.create': 5,
  'token.delete': 2,
  'token.read': 2,
  'token.list': 2,
  'token.self': 1,
  'jobs.list': 3,
};

function operationArbs(): Record<AclOperationKind, fc.Arbitrary<AclOperation>> {
  const via = serverPickArb();
  const as = callerPickArb();
  const policyName = fc.constantFrom(...POLICY_NAME_POOL);
  return {
    bootstrap: fc.record({
      op: fc.constant('bootstrap' as const),
      via,
      secret: fc.constantFrom<BootstrapSecretChoice>('generated', 'operator', 'invalid'),
    }),
    'policy.write': fc.record({
      op: fc.constant('policy.write' as const),
      via,
      as,
      name: policyName,
      description: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(DESCRIPTION_POOL[0], DESCRIPTION_POOL[1]) },
        { weight: 1, arbitrary: fc.constant(DESCRIPTION_POOL[2]) },
      ),
      rules: fc.constantFrom(...RULES_NAMES),
    }),
    'policy.delete': fc.record({
      op: fc.constant('policy.delete' as const),
      via,
      as,
      name: policyName,
    }),
    'policy.read': fc.record({
      op: fc.constant('policy.read' as const),
      via,
      as,
      name: policyName,
    }),
    'policy.list': fc.record({ op: fc.constant('policy.list' as const), via, as }),
    'token.create': fc.record({
      op: fc.constant('token.create' as const),
      via,
      as,
      name: fc.constantFrom(...TOKEN_NAME_POOL),
      type: fc.oneof(
        { weight: 3, arbitrary: fc.constant('client' as const) },
        { weight: 2, arbitrary: fc.constant('management' as const) },
      ),
      global: fc.boolean(),
      policies: fc.uniqueArray(fc.constantFrom(...TOKEN_POLICY_POOL), { maxLength: 3 }),
    }),
    'token.delete': fc.record({
      op: fc.constant('token.delete' as const),
      via,
      as,
      target: targetPickArb(),
    }),
    'token.read': fc.record({
      op: fc.constant('token.read' as const),
      via,
      as,
      target: targetPickArb(),
    }),
    'token.list': fc.record({ op: fc.constant('token.list' as const), via, as }),
    'token.self': fc.record({ op: fc.constant('token.self' as const), via, as }),
    'jobs.list': fc.record({ op: fc.constant('jobs.list' as const), via, as }),
  };
}

/**
 * One ACL operation: policy upserts (valid and invalid rules, names, descriptions) and deletes,
 * token creates (client/management, global/local, with or without policies), deletes and reads,
 * bootstrap (generated, operator or malformed secret), listings, `token self`, and job listing
 * (what a token may do) — sent to a random server of a random region, by a management token,
 * any token, anonymous or an unknown secret.
 */
export function aclOperationArb(
  constraints: AclOperationConstraints = {},
): fc.Arbitrary<AclOperation> {
  const arbs = operationArbs();
  const weighted = (Object.keys(arbs) as AclOperationKind[])
    .map((kind) => ({
      weight: constraints.weights?.[kind] ?? DEFAULT_WEIGHTS[kind],
      arbitrary: arbs[kind],
    }))
    .filter((entry) => entry.weight > 0);
  if (weighted.length === 0)
    throw new RangeError('aclOperationArb: every operation kind has weight 0');
  return fc.oneof(...weighted);
}

/** A sequence of ACL operations (default 1–20), usually starting with a bootstrap. */
export function aclOperationsArb(
  constraints: AclOperationConstraints & { minLength?: number; maxLength?: number } = {},
): fc.Arbitrary<AclOperation[]> {
  const rest = fc.array(aclOperationArb(constraints), {
    minLength: constraints.minLength ?? 1,
    maxLength: constraints.maxLength ?? 20,
  });
  const opener = fc.option(
    fc.record({
      op: fc.constant('bootstrap' as const),
      via: serverPickArb(),
      secret: fc.constant<BootstrapSecretChoice>('operator'),
    }),
    { freq: 5 },
  );
  return fc.tuple(opener, rest).map(([first, ops]) => (first === null ? ops : [first, ...ops]));
}

/** One line describing a call: `policy.write ops (rules node-read) as t1 via europe/server-2`. */
export function describeCall(call: AclCall): string {
  const who = 'as' in call ? ` as ${call.as}` : '';
  const where = ` via ${call.via}`;
  switch (call.op) {
    case 'bootstrap':
      return `bootstrap (${call.secret} secret)${where}`;
    case 'policy.write':
      return `policy.write ${call.name} (rules ${rulesNameFor(call.rules) ?? JSON.stringify(call.rules.length > 40 ? `${call.rules.slice(0, 40)}...` : call.rules)}${call.description === '' ? '' : `, description of ${call.description.length} chars`})${who}${where}`;
    case 'policy.delete':
    case 'policy.read':
      return `${call.op} ${call.name}${who}${where}`;
    case 'token.create':
      return `token.create ${call.type}${call.global ? ' global' : ' local'}${call.policies.length > 0 ? ` policies=${call.policies.join(',')}` : ''}${call.name === '' ? '' : ` name=${JSON.stringify(call.name)}`}${who}${where}`;
    case 'token.delete':
    case 'token.read':
      return `${call.op} ${call.target}${who}${where}`;
    default:
      return `${call.op}${who}${where}`;
  }
}
