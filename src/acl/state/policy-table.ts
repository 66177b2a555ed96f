/**
 * The `acl_policy` table of the ACL state: stored (frozen) policies by name, plus two caches that
 * spare the hot read paths repeated work. Lists (the replicator's local diff, blocking list
 * queries) run after nearly every write, while the set of names changes rarely (an upsert of an
 * existing name keeps it), so the name order is kept until a name is added or removed, and each
 * policy's list stub is built once per stored version and reused. Results equal a fresh
 * sort-and-copy of the table: same objects in the same order, stubs with the same fields.
 */
import type { AclPolicy, AclPolicyStub } from '../policy/stored-policy.js';
import { freezePolicy, policyStub } from '../policy/stored-policy.js';

export class PolicyTable {
  private readonly byName = new Map<string, AclPolicy>();
  /** Names in code-unit order; null after a name was added or removed. */
  private sortedNames: string[] | null = null;
  /** Frozen stubs of the stored versions, built on first listing. */
  private readonly stubs = new Map<string, AclPolicyStub>();

  /** The stored policy, or undefined. */
  get(name: string): AclPolicy | undefined {
    return this.byName.get(name);
  }

  /** Stores a frozen copy of `policy` under its name (replacing any older version). */
  set(policy: AclPolicy): void {
    if (!this.byName.has(policy.Name)) this.sortedNames = null;
    this.byName.set(policy.Name, freezePolicy(policy));
    this.stubs.delete(policy.Name);
  }

  /** Removes a policy; a missing name is a no-op. */
  delete(name: string): void {
    if (!this.byName.delete(name)) return;
    this.sortedNames = null;
    this.stubs.delete(name);
  }

  /** Empties the table. */
  clear(): void {
    this.byName.clear();
    this.stubs.clear();
    this.sortedNames = null;
  }

  /** Policies whose name starts with `prefix`, ordered by name (a fresh array). */
  list(prefix: string): AclPolicy[] {
    const out: AclPolicy[] = [];
    for (const name of this.names())
      if (name.startsWith(prefix)) out.push(this.byName.get(name) as AclPolicy);
    return out;
  }

  /** Stubs of `list(prefix)` (a fresh array of shared frozen stubs). */
  listStubs(prefix: string): AclPolicyStub[] {
    const out: AclPolicyStub[] = [];
    for (const name of this.names()) if (name.startsWith(prefix)) out.push(this.stubOf(name));
    return out;
  }

  private names(): readonly string[] {
    if (this.sortedNames === null) this.sortedNames = [...this.byName.keys()].sort(compareText);
    return this.sortedNames;
  }

  private stubOf(name: string): AclPolicyStub {
    let stub = this.stubs.get(name);
    if (stub === undefined) {
      stub = Object.freeze(policyStub(this.byName.get(name) as AclPolicy));
      this.stubs.set(name, stub);
    }
    return stub;
  }
}

/** Byte-wise (code unit) string order, as Nomad's radix-tree iteration for ASCII keys. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
