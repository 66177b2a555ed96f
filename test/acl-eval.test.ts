/**
 * The compiled ACL evaluator, table by table from nomad-acl-spec.md §7 and the §15 pitfalls:
 * merging (deny per exact label, variables union, max privilege), glob lookup and scores,
 * go-glob quirks, every check method, and the management / ACLs-disabled ACLs.
 */
import { describe, expect, it } from 'vitest';
import {
  type Acl,
  aclsDisabledAcl,
  compileAcl,
  globMatches,
  globScore,
  managementAcl,
  parsePolicy,
} from '../src/acl/index.js';

/** Compiles policy texts, named p0, p1, ... in the given order. */
function acl(...texts: string[]): Acl {
  return compileAcl(texts.map((text, i) => ({ name: `p${i}`, policy: parsePolicy(text) })));
}

describe('go-glob matching (§7.2)', () => {
  it.each([
    ['*', 'anything', true],
    ['*', '', true],
    ['**', 'x', true],
    ['default', 'default', true],
    ['default', 'defaults', false],
    ['', '', true],
    ['', 'a', false],
    ['prod-*', 'prod-api', true],
    ['prod-*', 'prod-', true],
    ['prod-*', 'dev-api', false],
    ['prod-*', 'xprod-api', false],
    ['*-api', 'prod-api', true],
    ['*-api', 'prod-web', false],
    ['a*b', 'ab', true],
    ['a*b', 'axxb', true],
    ['a*b', 'axxc', false],
    ['a*b', 'a', true],
    ['a*b*c', 'abxc', true],
    ['a*b*c', 'axyz', false],
    ['*admin*', 'production-admin-api', true],
    ['*admin*', 'production-api', false],
    ['a*ba', 'aba', true],
    ['ab*ba', 'aba', false],
    ['*ab*abc', 'ababc', true],
  ])('%j matches %j: %s', (pattern, subject, expected) => {
    expect(globMatches(pattern, subject)).toBe(expected);
  });

  it('the "subject already consumed" quirk: `a*b` matches `a`, `x*y*z` matches `xy`', () => {
    expect(globMatches('a*b', 'a')).toBe(true);
    expect(globMatches('x*y*z', 'xy')).toBe(true);
    expect(globMatches('x*y*z', 'xq')).toBe(false);
  });

  it.each([
    ['production-*', 'production-api', 3],
    ['*', 'production-admin-api', 20],
    ['*admin*', 'production-admin-api', 15],
    ['production-*', 'production-admin-api', 9],
    ['*', 'é', 2],
  ])('score of %j for %j is %i (UTF-8 lengths)', (glob, name, score) => {
    expect(globScore(glob, name)).toBe(score);
  });
});

describe('glob lookup (§7.2)', () => {
  it('the smallest score wins', () => {
    const a = acl(
      'namespace "*" { policy = "write" }\nnamespace "production-*" { policy = "read" }\nnamespace "*admin*" { policy = "deny" }',
    );
    expect(a.allowNamespaceOperation('production-api', 'read-job')).toBe(true);
    expect(a.allowNamespaceOperation('production-api', 'submit-job')).toBe(false);
    expect(a.allowNamespaceOperation('production-admin-api', 'submit-job')).toBe(false);
    expect(a.allowNamespaceOperation('production-admin-api', 'read-job')).toBe(true);
    expect(a.allowNamespaceOperation('staging-admin', 'read-job')).toBe(false);
    expect(a.allowNamespaceOperation('staging', 'submit-job')).toBe(true);
  });

  it('no matching rule means no rights (default deny)', () => {
    const a = acl('namespace "prod-*" { policy = "write" }');
    expect(a.allowNamespaceOperation('dev', 'read-job')).toBe(false);
    expect(a.allowNamespace('dev')).toBe(false);
    expect(compileAcl([]).allowNamespaceOperation('default', 'list-jobs')).toBe(false);
  });

  it('pitfall 8: an exact rule wins even when it grants nothing', () => {
    const a = acl('namespace "foo" {}\nnamespace "*" { policy = "write" }');
    expect(a.allowNamespaceOperation('foo', 'read-job')).toBe(false);
    expect(a.allowNamespace('foo')).toBe(false);
    expect(a.allowNamespaceOperation('bar', 'submit-job')).toBe(true);
  });

  it('pitfall 8: an exact rule wins even when weaker than a glob', () => {
    const a = acl('namespace "default" { policy = "read" }', 'namespace "*" { policy = "write" }');
    expect(a.allowNamespaceOperation('default', 'read-job')).toBe(true);
    expect(a.allowNamespaceOperation('default', 'submit-job')).toBe(false);
  });

  it('pitfall 8: a deny applies only inside the selected rule', () => {
    const a = acl('namespace "*" { policy = "deny" }', 'namespace "default" { policy = "read" }');
    expect(a.allowNamespaceOperation('default', 'read-job')).toBe(true);
    expect(a.allowNamespaceOperation('other', 'read-job')).toBe(false);
    const b = acl('namespace "default" { policy = "deny" }', 'namespace "*" { policy = "write" }');
    expect(b.allowNamespaceOperation('default', 'read-job')).toBe(false);
    expect(b.allowNamespaceOperation('other', 'submit-job')).toBe(true);
  });

  it('equal scores pick one of the tied rules, independently of policy order', () => {
    const texts = ['namespace "a*" { policy = "read" }', 'namespace "*a" { policy = "write" }'];
    const forward = acl(...texts).allowNamespaceOperation('aa', 'submit-job');
    const backward = acl(...[...texts].reverse()).allowNamespaceOperation('aa', 'submit-job');
    expect(forward).toBe(backward);
    expect(acl(...texts).allowNamespaceOperation('aa', 'read-job')).toBe(true);
  });
});

describe('merging policies (§7.1)', () => {
  it('within one label, deny from any policy wins whatever the order', () => {
    for (const texts of [
      ['namespace "default" { policy = "write" }', 'namespace "default" { policy = "deny" }'],
      ['namespace "default" { policy = "deny" }', 'namespace "default" { policy = "write" }'],
      ['namespace "default" { capabilities = ["submit-job", "deny", "read-job"] }'],
    ]) {
      const a = acl(...texts);
      expect(a.allowNamespaceOperation('default', 'submit-job')).toBe(false);
      expect(a.allowNamespace('default')).toBe(false);
    }
  });

  it('within one label, grants from several policies are united', () => {
    const a = acl(
      'namespace "default" { capabilities = ["read-job"] }',
      'namespace "default" { capabilities = ["submit-job"] }',
    );
    expect(a.allowNamespaceOperation('default', 'read-job')).toBe(true);
    expect(a.allowNamespaceOperation('default', 'submit-job')).toBe(true);
    expect(a.allowNamespaceOperation('default', 'alloc-exec')).toBe(false);
  });

  it('different labels never combine', () => {
    const a = acl(
      'namespace "default" { capabilities = ["read-job"] }',
      'namespace "*" { capabilities = ["submit-job"] }',
    );
    expect(a.allowNamespaceOperation('default', 'submit-job')).toBe(false);
    expect(a.allowNamespaceOperation('other', 'read-job')).toBe(false);
  });

  it("variables: plain union, a deny from one policy does not remove another policy's read", () => {
    const a = acl(
      'namespace "default" { variables { path "app/*" { capabilities = ["deny"] } } }',
      'namespace "default" { variables { path "app/*" { capabilities = ["read"] } } }',
    );
    expect(a.allowVariableOperation('default', 'app/db', 'read')).toBe(true);
    expect(a.allowVariableOperation('default', 'app/db', 'list')).toBe(true);
    expect(a.allowVariableOperation('default', 'app/db', 'write')).toBe(false);
  });

  it('variables: a deny inside one path list denies that path', () => {
    const a = acl(
      'namespace "default" { variables { path "secret" { capabilities = ["read", "deny"] } } }',
    );
    expect(a.allowVariableOperation('default', 'secret', 'read')).toBe(false);
  });

  it('variables paths are registered even when the namespace block itself is denied', () => {
    const a = acl(
      'namespace "default" { policy = "deny" variables { path "shared" { capabilities = ["read"] } } }',
    );
    expect(a.allowNamespaceOperation('default', 'read-job')).toBe(false);
    expect(a.allowVariableOperation('default', 'shared', 'read')).toBe(true);
  });

  it.each([
    [['read', 'write'], true, true],
    [['write', 'read'], true, true],
    [['write', 'deny'], false, false],
    [['deny', 'write'], false, false],
    [['read'], true, false],
    [['scale'], false, false],
    [['scale', 'read'], true, false],
  ])(
    'agent/node/operator/quota words %j merge to the strongest (read %s, write %s)',
    (words, read, write) => {
      for (const block of ['agent', 'node', 'operator', 'quota'] as const) {
        const a = acl(...words.map((w) => `${block} { policy = "${w}" }`));
        const checks = {
          agent: [a.allowAgentRead(), a.allowAgentWrite()],
          node: [a.allowNodeRead(), a.allowNodeWrite()],
          operator: [a.allowOperatorRead(), a.allowOperatorWrite()],
          quota: [a.allowQuotaRead(), a.allowQuotaWrite()],
        }[block];
        expect(checks).toEqual([read, write]);
      }
    },
  );

  it('operator capabilities: union across policies, deny clears and sticks', () => {
    const union = acl(
      'operator { capabilities = ["snapshot-save"] }',
      'operator { capabilities = ["license-read"] }',
    );
    expect(union.allowOperatorOperation('snapshot-save')).toBe(true);
    expect(union.allowOperatorOperation('license-read')).toBe(true);
    expect(union.allowOperatorOperation('keyring-rotate')).toBe(false);
    const denied = acl(
      'operator { capabilities = ["snapshot-save"] }',
      'operator { capabilities = ["deny"] }',
      'operator { capabilities = ["license-read"] }',
    );
    expect(denied.allowOperatorOperation('snapshot-save')).toBe(false);
    expect(denied.allowOperatorOperation('license-read')).toBe(false);
  });

  it('operator write grants every operator operation; read only its expansion', () => {
    expect(acl('operator { policy = "write" }').allowOperatorOperation('keyring-rotate')).toBe(
      true,
    );
    const read = acl('operator { policy = "read" }');
    expect(read.allowOperatorOperation('license-read')).toBe(true);
    expect(read.allowOperatorOperation('snapshot-save')).toBe(false);
  });

  it('sentinel: write word or the capability', () => {
    expect(acl('sentinel { policy = "write" }').allowSentinelOperation('sentinel-submit')).toBe(
      true,
    );
    const read = acl('sentinel { policy = "read" }');
    expect(read.allowSentinelOperation('sentinel-read')).toBe(true);
    expect(read.allowSentinelOperation('sentinel-submit')).toBe(false);
    expect(
      acl('sentinel { capabilities = ["sentinel-delete"] }').allowSentinelOperation(
        'sentinel-delete',
      ),
    ).toBe(true);
  });

  it('compiles the same ACL whatever the order of policies, named or not', () => {
    const texts = [
      'namespace "a" { policy = "deny" }',
      'namespace "a" { policy = "write" }\nagent { policy = "read" }',
      'agent { policy = "write" }',
    ];
    const policies = texts.map((t) => parsePolicy(t));
    const one = compileAcl(policies);
    const two = compileAcl([...policies].reverse().map((policy, i) => ({ name: `z${i}`, policy })));
    for (const a of [one, two]) {
      expect(a.allowNamespaceOperation('a', 'read-job')).toBe(false);
      expect(a.allowAgentWrite()).toBe(true);
    }
  });
});

describe('checks (§7.3)', () => {
  it('namespace "*": any rule granting the capability, exact or glob', () => {
    const a = acl(
      'namespace "prod" { policy = "read" }\nnamespace "dev-*" { capabilities = ["alloc-exec"] }',
    );
    expect(a.allowNamespaceOperation('*', 'list-jobs')).toBe(true);
    expect(a.allowNamespaceOperation('*', 'alloc-exec')).toBe(true);
    expect(a.allowNamespaceOperation('*', 'submit-job')).toBe(false);
    expect(a.allowNamespace('*')).toBe(true);
  });

  it('allowNamespace: the rule must exist, be non-empty and not deny', () => {
    expect(acl('namespace "a" { policy = "deny" }').allowNamespace('*')).toBe(false);
    expect(acl('namespace "a" {}').allowNamespace('*')).toBe(false);
    expect(acl('namespace "a" {}').allowNamespace('a')).toBe(false);
    expect(acl('namespace "a" { policy = "deny" }').allowNamespace('a')).toBe(false);
    expect(acl('namespace "a" { capabilities = ["read-logs"] }').allowNamespace('a')).toBe(true);
    expect(acl('namespace "a*" { policy = "scale" }').allowNamespace('ab')).toBe(true);
  });

  it('node pools: exact beats glob, deny per label, allowNodePool rules', () => {
    const a = acl(
      'node_pool "*" { policy = "write" }\nnode_pool "gpu" { policy = "read" }\nnode_pool "prod_*" { policy = "deny" }',
    );
    expect(a.allowNodePoolOperation('gpu', 'read')).toBe(true);
    expect(a.allowNodePoolOperation('gpu', 'write')).toBe(false);
    expect(a.allowNodePoolOperation('default', 'delete')).toBe(true);
    expect(a.allowNodePoolOperation('prod_eu', 'read')).toBe(false);
    expect(a.allowNodePool('prod_eu')).toBe(false);
    expect(a.allowNodePool('gpu')).toBe(true);
    expect(acl('agent { policy = "read" }').allowNodePool('default')).toBe(false);
  });

  it('host volumes: mount capabilities, exact beats glob, deny per label', () => {
    const a = acl(
      'host_volume "*" { policy = "write" }\nhost_volume "certs" { policy = "read" }\nhost_volume "secret-*" { policy = "deny" }',
    );
    expect(a.allowHostVolumeOperation('data', 'mount-readwrite')).toBe(true);
    expect(a.allowHostVolumeOperation('certs', 'mount-readonly')).toBe(true);
    expect(a.allowHostVolumeOperation('certs', 'mount-readwrite')).toBe(false);
    expect(a.allowHostVolumeOperation('secret-a', 'mount-readonly')).toBe(false);
    expect(a.allowHostVolume('secret-a')).toBe(false);
    expect(a.allowHostVolume('certs')).toBe(true);
  });

  describe('variables', () => {
    const claim = { namespace: 'default', job: 'web', group: 'g', task: 't' };

    it('a workload claim reads and lists its own job paths in its own namespace', () => {
      const a = compileAcl([]);
      for (const path of [
        'nomad/jobs',
        'nomad/jobs/web',
        'nomad/jobs/web/g',
        'nomad/jobs/web/g/t',
      ]) {
        expect(a.allowVariableOperation('default', path, 'read', claim)).toBe(true);
        expect(a.allowVariableOperation('default', path, 'list', claim)).toBe(true);
        expect(a.allowVariableOperation('default', path, 'write', claim)).toBe(false);
      }
      expect(a.allowVariableOperation('default', 'nomad/jobs/other', 'read', claim)).toBe(false);
      expect(a.allowVariableOperation('default', 'nomad/jobs/web/g/t/x', 'read', claim)).toBe(
        false,
      );
      expect(a.allowVariableOperation('prod', 'nomad/jobs/web', 'read', claim)).toBe(false);
      expect(a.allowVariableOperation('default', 'nomad/jobs/web', 'read')).toBe(false);
    });

    it('an exact rule beats the claim, and the claim beats globs', () => {
      const a = acl(
        'namespace "default" { variables {\n path "nomad/jobs/web" { capabilities = ["deny"] }\n path "nomad/*" { capabilities = ["deny"] } } }',
      );
      expect(a.allowVariableOperation('default', 'nomad/jobs/web', 'read', claim)).toBe(false);
      expect(a.allowVariableOperation('default', 'nomad/jobs/web/g', 'read', claim)).toBe(true);
      expect(a.allowVariableOperation('default', 'nomad/other', 'read', claim)).toBe(false);
    });

    it('globs match over namespace and path together, closest wins', () => {
      const a = acl(
        'namespace "*" { variables {\n path "*" { capabilities = ["read"] }\n path "secret/*" { capabilities = ["deny"] } } }',
      );
      expect(a.allowVariableOperation('prod', 'app/db', 'read')).toBe(true);
      expect(a.allowVariableOperation('prod', 'app/db', 'list')).toBe(true);
      expect(a.allowVariableOperation('prod', 'secret/key', 'read')).toBe(false);
      expect(a.allowVariableOperation('prod', 'app/db', 'write')).toBe(false);
    });

    it('an exact namespace with an exact path is looked up exactly', () => {
      const a = acl(
        'namespace "default" { variables { path "app" { capabilities = ["write"] } } }',
      );
      expect(a.allowVariableOperation('default', 'app', 'write')).toBe(true);
      expect(a.allowVariableOperation('default', 'app/x', 'write')).toBe(false);
      expect(a.allowVariableOperation('other', 'app', 'write')).toBe(false);
    });

    it('allowVariableSearch: any variables rule starting with the namespace', () => {
      const a = acl('namespace "default" { variables { path "app" { capabilities = ["read"] } } }');
      expect(a.allowVariableSearch('default')).toBe(true);
      expect(a.allowVariableSearch('prod')).toBe(false);
      expect(a.allowVariableSearch('*')).toBe(true);
      expect(compileAcl([]).allowVariableSearch('*')).toBe(false);
    });
  });

  it('plugin: read grants read and list, list grants list, write grants neither', () => {
    const check = (word: string): boolean[] => {
      const a = acl(`plugin { policy = "${word}" }`);
      return [a.allowPluginRead(), a.allowPluginList()];
    };
    expect(check('read')).toEqual([true, true]);
    expect(check('list')).toEqual([false, true]);
    expect(check('write')).toEqual([false, false]);
    expect(check('deny')).toEqual([false, false]);
  });

  it("agent debug: agent read when ACLs are on (Nomad's TestAgentDebug); enable_debug when they are off", () => {
    expect(acl('agent { policy = "write" }').allowAgentDebug(false)).toBe(true);
    expect(acl('agent { policy = "read" }').allowAgentDebug(true)).toBe(true);
    expect(acl('agent { policy = "read" }').allowAgentDebug(false)).toBe(true);
    expect(acl('agent { policy = "deny" }').allowAgentDebug(true)).toBe(false);
    expect(acl('node { policy = "write" }').allowAgentDebug(true)).toBe(false);
    expect(managementAcl().allowAgentDebug(false)).toBe(true);
    expect(aclsDisabledAcl().allowAgentDebug(true)).toBe(true);
    expect(aclsDisabledAcl().allowAgentDebug(false)).toBe(false);
  });
});

/** Every check, with fixed arguments, as a list of booleans. */
function allChecks(a: Acl): Record<string, boolean> {
  return {
    namespace: a.allowNamespace('default'),
    namespaceOp: a.allowNamespaceOperation('default', 'submit-job'),
    namespaceStar: a.allowNamespaceOperation('*', 'alloc-node-exec'),
    nodePool: a.allowNodePool('gpu'),
    nodePoolOp: a.allowNodePoolOperation('gpu', 'delete'),
    hostVolume: a.allowHostVolume('data'),
    hostVolumeOp: a.allowHostVolumeOperation('data', 'mount-readwrite'),
    variable: a.allowVariableOperation('default', 'x', 'destroy'),
    variableSearch: a.allowVariableSearch('default'),
    agentRead: a.allowAgentRead(),
    agentWrite: a.allowAgentWrite(),
    nodeRead: a.allowNodeRead(),
    nodeWrite: a.allowNodeWrite(),
    operatorRead: a.allowOperatorRead(),
    operatorWrite: a.allowOperatorWrite(),
    operatorOp: a.allowOperatorOperation('snapshot-save'),
    quotaRead: a.allowQuotaRead(),
    quotaWrite: a.allowQuotaWrite(),
    pluginRead: a.allowPluginRead(),
    pluginList: a.allowPluginList(),
    sentinel: a.allowSentinelOperation('sentinel-submit'),
  };
}

describe('special ACLs', () => {
  it('management allows every check and is management', () => {
    for (const a of [
      managementAcl(),
      compileAcl([parsePolicy('namespace "x" { policy = "deny" }')], { management: true }),
    ]) {
      expect(a.isManagement()).toBe(true);
      expect(Object.values(allChecks(a)).every(Boolean)).toBe(true);
    }
  });

  it('ACLs disabled: isManagement, everything allowed except Sentinel operations', () => {
    const a = aclsDisabledAcl();
    expect(a.isManagement()).toBe(true);
    const { sentinel, ...rest } = allChecks(a);
    expect(sentinel).toBe(false);
    expect(Object.values(rest).every(Boolean)).toBe(true);
  });

  it('no policies: every check is denied', () => {
    const a = compileAcl([]);
    expect(a.isManagement()).toBe(false);
    expect(Object.values(allChecks(a)).some(Boolean)).toBe(false);
  });

  it('pitfall 11: a permissive anonymous policy is still not management', () => {
    const a = acl(
      'namespace "*" { policy = "write" }\nagent { policy = "write" }\nnode { policy = "write" }\noperator { policy = "write" }\nquota { policy = "write" }',
    );
    expect(a.isManagement()).toBe(false);
    expect(a.allowNamespaceOperation('default', 'submit-job')).toBe(true);
    expect(a.allowNamespaceOperation('default', 'alloc-node-exec')).toBe(false);
    expect(a.allowOperatorWrite()).toBe(true);
    expect(a.allowSentinelOperation('sentinel-read')).toBe(false);
  });
});
