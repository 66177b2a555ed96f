/**
 * A small reference model of Nomad's ACL API (spec §3–§5, §8, §12.1) for model-based tests:
 * which calls succeed, with which status and exact error text, and what the visible state is
 * afterwards — policy names, tokens per region, which token may read what and list jobs.
 *
 * The model assumes a quiet cluster (no faults) in the modern profile, with replication settled
 * before any call that a non-authoritative region executes (the test harness waits for that), and
 * — in multi-region clusters — that the operator bootstrap secret is the replication token: so
 * `resolve` turns a generated-secret bootstrap into an operator-secret one there and never picks
 * that token for deletion. Every operation has its own method, so a test can subclass the model
 * and break one rule on purpose.
 */
import type { ClusterShape } from './cluster-shape.js';
import { ACL_RULES, rulesEntryFor } from './acl-rules.js';
import type {
  AclCall,
  AclOperation,
  CallerPick,
  CallerRef,
  ServerPick,
  TargetPick,
  TokenRef,
} from './acl-operations.js';
import {
  errorExpectation,
  type Expectation,
  type ExpectedToken,
  type TextPart,
} from './acl-expectation.js';
import { BOGUS_ACCESSOR, OPERATOR_BOOTSTRAP_SECRET } from './acl-secrets.js';

type Call<K extends AclCall['op']> = Extract<AclCall, { op: K }>;

export interface ModelToken {
  readonly handle: `t${number}`;
  readonly name: string;
  readonly type: 'client' | 'management';
  readonly global: boolean;
  readonly policies: readonly string[];
  /** Where it is stored: the authoritative region for global tokens, else the region that created it. */
  readonly region: string;
  readonly operatorSecret: boolean;
  deleted: boolean;
}

export interface ModelPolicy {
  readonly name: string;
  readonly description: string;
  readonly rules: string;
}

/** Who a caller is in a region (null: the secret is unknown there). */
export interface ModelIdentity {
  readonly handle: string;
  readonly management: boolean;
  readonly policies: readonly string[];
}

const PERMISSION_DENIED = 'Permission denied';
const POLICY_NAME = /^[a-zA-Z0-9-]{1,128}$/;
const MAX_DESCRIPTION_BYTES = 256;

function multiError(problems: readonly string[]): string {
  const head = problems.length === 1 ? '1 error occurred:' : `${problems.length} errors occurred:`;
  return `${head}\n${problems.map((p) => `\t* ${p}`).join('\n')}\n\n`;
}

export class AclReferenceModel {
  readonly policies = new Map<string, ModelPolicy>();
  readonly tokens: ModelToken[] = [];
  bootstrapHandle: `t${number}` | null = null;

  constructor(readonly shape: ClusterShape) {}

  get authoritativeRegion(): string {
    return this.shape.authoritativeRegion;
  }

  get multiRegion(): boolean {
    return this.shape.regions.length > 1;
  }

  // --- turning generated operations into calls --------------------------------------------------

  /** The concrete call a generated operation stands for, given the tokens known now. */
  resolve(operation: AclOperation): AclCall {
    const via = this.resolveVia(operation.via);
    switch (operation.op) {
      case 'bootstrap':
        return {
          op: 'bootstrap',
          via,
          secret:
            this.multiRegion && operation.secret === 'generated' ? 'operator' : operation.secret,
        };
      case 'policy.write':
        return {
          op: 'policy.write',
          via,
          as: this.resolveCaller(operation.as),
          name: operation.name,
          description: operation.description,
          rules: ACL_RULES[operation.rules].text,
        };
      case 'token.create':
        return {
          ...operation,
          via,
          as: this.resolveCaller(operation.as),
          policies: [...operation.policies],
        };
      case 'token.delete':
        return {
          ...operation,
          via,
          as: this.resolveCaller(operation.as),
          target: this.resolveTarget(operation.target, true),
        };
      case 'token.read':
        return {
          ...operation,
          via,
          as: this.resolveCaller(operation.as),
          target: this.resolveTarget(operation.target, false),
        };
      default:
        return { ...operation, via, as: this.resolveCaller(operation.as) };
    }
  }

  protected resolveVia(pick: ServerPick): string {
    const region = this.shape.regions[pick.region % this.shape.regions.length];
    if (region === undefined) throw new RangeError('cluster shape has no regions');
    return `${region.name}/server-${(pick.server % region.servers) + 1}`;
  }

  protected resolveCaller(pick: CallerPick): CallerRef {
    if (pick.kind === 'anonymous' || pick.kind === 'bogus') return pick.kind;
    const managers = this.tokens.filter((t) => !t.deleted && t.type === 'management');
    const pool = pick.kind === 'management' && managers.length > 0 ? managers : this.tokens;
    const token = pool[pick.pick % Math.max(1, pool.length)];
    return token === undefined ? 'anonymous' : token.handle;
  }

  protected resolveTarget(pick: TargetPick, forDelete: boolean): TokenRef {
    if (pick.kind === 'bogus') return 'bogus';
    // The replication token of a multi-region run is never deleted: replication depends on it.
    const pool = this.tokens.filter((t) => !(forDelete && this.multiRegion && t.operatorSecret));
    const token = pool[pick.pick % Math.max(1, pool.length)];
    return token === undefined ? 'bogus' : token.handle;
  }

  // --- expectations -------------------------------------------------------------------------------

  /** What `call` must return; updates the model as the call takes effect. */
  apply(call: AclCall): Expectation {
    switch (call.op) {
      case 'bootstrap':
        return this.bootstrap(call);
      case 'policy.write':
        return this.writePolicy(call);
      case 'policy.delete':
        return this.deletePolicy(call);
      case 'policy.read':
        return this.readPolicy(call);
      case 'policy.list':
        return this.listPolicies(call);
      case 'token.create':
        return this.createToken(call);
      case 'token.delete':
        return this.deleteToken(call);
      case 'token.read':
        return this.readToken(call);
      case 'token.list':
        return this.listTokens(call);
      case 'token.self':
        return this.tokenSelf(call);
      case 'jobs.list':
        return this.listJobs(call);
    }
  }

  /** Bootstrap always executes in the authoritative region; no token needed (spec §3.2). */
  protected bootstrap(call: Call<'bootstrap'>): Expectation {
    if (this.bootstrapHandle !== null) {
      return errorExpectation(
        400,
        'ACL bootstrap already done (reset index: ',
        { createIndexOf: this.bootstrapHandle },
        ')',
      );
    }
    if (call.secret === 'invalid') return errorExpectation(400, 'invalid acl token');
    const token = this.addToken({
      name: 'Bootstrap Token',
      type: 'management',
      global: true,
      policies: [],
      region: this.authoritativeRegion,
      operatorSecret: call.secret === 'operator',
    });
    this.bootstrapHandle = token.handle;
    return {
      kind: 'token',
      token: {
        ...this.expectedToken(token, true),
        ...(call.secret === 'operator' ? { secret: OPERATOR_BOOTSTRAP_SECRET } : {}),
      },
    };
  }

  /** Policy writes execute in the authoritative region and need management (spec §5.2). */
  protected writePolicy(call: Call<'policy.write'>): Expectation {
    if (!this.identity(call.as, this.authoritativeRegion)?.management)
      return errorExpectation(403, PERMISSION_DENIED);
    const rules = rulesEntryFor(call.rules);
    if (rules === null)
      throw new RangeError(
        `the reference model does not know the rules ${JSON.stringify(call.rules)}`,
      );
    const problems: string[] = [];
    if (!POLICY_NAME.test(call.name)) problems.push(`invalid name '${call.name}'`);
    if (rules.error !== null) problems.push(`failed to parse rules: ${rules.error.message}`);
    if (new TextEncoder().encode(call.description).length > MAX_DESCRIPTION_BYTES)
      problems.push(`description longer than ${MAX_DESCRIPTION_BYTES}`);
    if (problems.length > 0) {
      const text = `policy 0 invalid: ${multiError(problems)}`;
      if (rules.error?.match !== 'prefix') return errorExpectation(400, text);
      const cut = text.indexOf(rules.error.message) + rules.error.message.length;
      return { kind: 'error', status: 400, message: [text.slice(0, cut)], match: 'prefix' };
    }
    this.policies.set(call.name, {
      name: call.name,
      description: call.description,
      rules: call.rules,
    });
    return { kind: 'ok' };
  }

  /** Deleting a policy that does not exist is not an error (spec §5.3). */
  protected deletePolicy(call: Call<'policy.delete'>): Expectation {
    if (!this.identity(call.as, this.authoritativeRegion)?.management)
      return errorExpectation(403, PERMISSION_DENIED);
    this.policies.delete(call.name);
    return { kind: 'ok' };
  }

  /** Management, a linked policy, or `anonymous` by anyone known; missing → 404 (spec §5.4). */
  protected readPolicy(call: Call<'policy.read'>): Expectation {
    const who = this.identity(call.as, this.regionOf(call.via));
    if (
      who === null ||
      !(who.management || call.name === 'anonymous' || who.policies.includes(call.name))
    )
      return errorExpectation(403, PERMISSION_DENIED);
    const policy = this.policies.get(call.name);
    if (policy === undefined) return errorExpectation(404, 'ACL policy not found');
    return {
      kind: 'policy',
      name: policy.name,
      description: policy.description,
      rules: policy.rules,
    };
  }

  /** Management sees every policy, others the ones linked to them; ordered by name (spec §5.4). */
  protected listPolicies(call: Call<'policy.list'>): Expectation {
    const who = this.identity(call.as, this.regionOf(call.via));
    if (who === null) return errorExpectation(403, PERMISSION_DENIED);
    const names = [...this.policies.keys()]
      .filter((name) => who.management || who.policies.includes(name))
      .sort();
    return { kind: 'policy-names', names };
  }

  /** Global tokens are written in the authoritative region, local ones where the call lands (spec §4.4). */
  protected createToken(call: Call<'token.create'>): Expectation {
    const region = call.global ? this.authoritativeRegion : this.regionOf(call.via);
    if (!this.identity(call.as, region)?.management)
      return errorExpectation(403, PERMISSION_DENIED);
    if (call.type === 'client' && call.policies.length === 0)
      return errorExpectation(
        400,
        `token 0 invalid: ${multiError(['client token missing policies or roles'])}`,
      );
    if (call.type === 'management' && call.policies.length > 0) {
      return errorExpectation(
        400,
        `token 0 invalid: ${multiError(['management token cannot be associated with policies or roles'])}`,
      );
    }
    const token = this.addToken({
      name: call.name,
      type: call.type,
      global: call.global,
      policies: call.policies,
      region,
      operatorSecret: false,
    });
    return { kind: 'token', token: this.expectedToken(token, true) };
  }

  /** Checked where the call lands; a global target is then deleted in the authoritative region (spec §4.5). */
  protected deleteToken(call: Call<'token.delete'>): Expectation {
    const region = this.regionOf(call.via);
    if (!this.identity(call.as, region)?.management)
      return errorExpectation(403, PERMISSION_DENIED);
    const target = this.token(call.target);
    if (target === null || !this.existsIn(target, region))
      return errorExpectation(
        400,
        'Cannot delete nonexistent tokens: ',
        this.accessorPart(call.target),
      );
    if (
      target.global &&
      region !== this.authoritativeRegion &&
      !this.identity(call.as, this.authoritativeRegion)?.management
    ) {
      return errorExpectation(403, PERMISSION_DENIED);
    }
    target.deleted = true;
    return { kind: 'ok' };
  }

  /** Management, or the caller's own token; missing → 404 for management (spec §4.6). */
  protected readToken(call: Call<'token.read'>): Expectation {
    const region = this.regionOf(call.via);
    const who = this.identity(call.as, region);
    if (who === null || !(who.management || who.handle === call.target))
      return errorExpectation(403, PERMISSION_DENIED);
    const target = this.token(call.target);
    if (target === null || !this.existsIn(target, region))
      return errorExpectation(404, 'ACL token not found');
    return { kind: 'token', token: this.expectedToken(target, false) };
  }

  /** Management only; the region's local tokens plus every global token (spec §4.6). */
  protected listTokens(call: Call<'token.list'>): Expectation {
    const region = this.regionOf(call.via);
    if (!this.identity(call.as, region)?.management)
      return errorExpectation(403, PERMISSION_DENIED);
    const handles = this.tokens.filter((t) => this.existsIn(t, region)).map((t) => t.handle);
    return { kind: 'token-list', handles, ordered: region === this.authoritativeRegion };
  }

  /** WhoAmI: anonymous gets the anonymous token, an unknown secret 403 (spec §4.6, HEAD). */
  protected tokenSelf(call: Call<'token.self'>): Expectation {
    if (call.as === 'anonymous') {
      return {
        kind: 'token',
        token: {
          handle: 'anonymous',
          name: 'Anonymous Token',
          type: 'client',
          global: false,
          policies: ['anonymous'],
          fresh: false,
        },
      };
    }
    const token = this.token(call.as);
    if (token === null || !this.existsIn(token, this.regionOf(call.via)))
      return errorExpectation(403, PERMISSION_DENIED);
    return { kind: 'token', token: this.expectedToken(token, false) };
  }

  /** `list-jobs` in namespace default: management, or an existing linked policy granting it with none denying (spec §7, §8). */
  protected listJobs(call: Call<'jobs.list'>): Expectation {
    const who = this.identity(call.as, this.regionOf(call.via));
    if (who === null) return errorExpectation(403, PERMISSION_DENIED);
    if (who.management) return { kind: 'jobs' };
    const effects = who.policies.flatMap((name) => {
      const policy = this.policies.get(name);
      return policy === undefined ? [] : [rulesEntryFor(policy.rules)?.jobs ?? 'none'];
    });
    return !effects.includes('deny') && effects.includes('grant')
      ? { kind: 'jobs' }
      : errorExpectation(403, PERMISSION_DENIED);
  }

  // --- helpers -------------------------------------------------------------------------------------

  regionOf(via: string): string {
    return via.split('/')[0] ?? via;
  }

  token(ref: string): ModelToken | null {
    return this.tokens.find((t) => t.handle === ref) ?? null;
  }

  /** Whether `token` is stored in `region` (replication is assumed settled). */
  existsIn(token: ModelToken, region: string): boolean {
    return !token.deleted && (token.global || token.region === region);
  }

  /** Who `caller` is when a call executes in `region`. */
  identity(caller: CallerRef, region: string): ModelIdentity | null {
    if (caller === 'anonymous')
      return { handle: 'anonymous', management: false, policies: ['anonymous'] };
    const token = this.token(caller);
    if (token === null || !this.existsIn(token, region)) return null;
    return {
      handle: token.handle,
      management: token.type === 'management',
      policies: token.policies,
    };
  }

  protected accessorPart(ref: TokenRef): TextPart {
    return ref === 'bogus' ? BOGUS_ACCESSOR : { accessorOf: ref };
  }

  protected addToken(fields: Omit<ModelToken, 'handle' | 'deleted'>): ModelToken {
    const token: ModelToken = { ...fields, handle: `t${this.tokens.length + 1}`, deleted: false };
    this.tokens.push(token);
    return token;
  }

  protected expectedToken(token: ModelToken, fresh: boolean): ExpectedToken {
    return {
      handle: token.handle,
      name: token.name,
      type: token.type,
      global: token.global,
      policies: token.policies,
      fresh,
    };
  }
}

/** Builds the reference model for a run on a cluster of `shape` (tests pass subclasses to break it). */
export type AclModelFactory = (shape: ClusterShape) => AclReferenceModel;
