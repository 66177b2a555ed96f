/**
 * The ACL policy language, table by table from nomad-acl-spec.md §6: grammar, capability
 * vocabularies and expansions for both profiles, every error text of §6.4 and the order in which
 * the checks run, strict mode, and the policy name rule. Expected values are written from the
 * spec, not copied from the implementation's tables.
 */
import { describe, expect, it } from 'vitest';
import {
  type ParsePolicyOptions,
  parsePolicy,
  type Policy,
  PolicyParseError,
  validatePolicyName,
} from '../src/acl/index.js';

function parseError(text: string, options: ParsePolicyOptions = {}): PolicyParseError {
  try {
    parsePolicy(text, options);
  } catch (error) {
    if (error instanceof PolicyParseError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

function errorText(text: string, options: ParsePolicyOptions = {}): string {
  return parseError(text, options).message;
}

function namespaceCaps(text: string, options: ParsePolicyOptions = {}): string[] {
  const ns = parsePolicy(text, options).namespaces[0];
  if (ns === undefined) throw new Error('no namespace block');
  return ns.capabilities;
}

const MODERN_READ = [
  'list-jobs',
  'parse-job',
  'read-job',
  'csi-list-volume',
  'csi-read-volume',
  'read-job-scaling',
  'list-scaling-policies',
  'read-scaling-policy',
  'host-volume-read',
];
const MODERN_WRITE = [
  ...MODERN_READ,
  'scale-job',
  'submit-job',
  'dispatch-job',
  'read-logs',
  'read-fs',
  'alloc-exec',
  'alloc-lifecycle',
  'csi-mount-volume',
  'csi-write-volume',
  'submit-recommendation',
  'host-volume-create',
];
const MODERN_SCALE = [
  'list-scaling-policies',
  'read-scaling-policy',
  'read-job-scaling',
  'scale-job',
  'read-job',
  'submit-recommendation',
];
const TUTORIAL_READ = [
  'list-jobs',
  'read-job',
  'csi-list-volume',
  'csi-read-volume',
  'read-job-scaling',
  'list-scaling-policies',
  'read-scaling-policy',
];
const TUTORIAL_WRITE = [
  ...TUTORIAL_READ,
  'scale-job',
  'submit-job',
  'dispatch-job',
  'read-logs',
  'read-fs',
  'alloc-exec',
  'alloc-lifecycle',
  'csi-mount-volume',
  'csi-write-volume',
  'submit-recommendation',
];
const TUTORIAL_SCALE = [
  'list-scaling-policies',
  'read-scaling-policy',
  'read-job-scaling',
  'scale-job',
];

const EMPTY: Policy = {
  namespaces: [],
  nodePools: [],
  hostVolumes: [],
  agent: null,
  node: null,
  operator: null,
  quota: null,
  plugin: null,
  sentinel: null,
};

describe('grammar (§6.1)', () => {
  it('parses every top-level block of the modern language', () => {
    const text = `
      namespace "default" {
        policy = "read"
        variables {
          path "nomad/jobs/*" { capabilities = ["read"] }
          path "shared" { capabilities = ["write", "destroy"] }
        }
      }
      node_pool "prod_*" { policy = "write" }
      host_volume "data" { policy = "read" }
      agent { policy = "read" }
      node { policy = "write" }
      operator { policy = "read" }
      quota { policy = "read" }
      plugin { policy = "list" }
      sentinel { policy = "read" }
    `;
    expect(parsePolicy(text)).toEqual({
      namespaces: [
        {
          name: 'default',
          policy: 'read',
          capabilities: MODERN_READ,
          variables: {
            paths: [
              { pathSpec: 'nomad/jobs/*', capabilities: ['read', 'list'] },
              { pathSpec: 'shared', capabilities: ['write', 'destroy'] },
            ],
          },
        },
      ],
      nodePools: [{ name: 'prod_*', policy: 'write', capabilities: ['delete', 'read', 'write'] }],
      hostVolumes: [{ name: 'data', policy: 'read', capabilities: ['mount-readonly'] }],
      agent: { policy: 'read' },
      node: { policy: 'write' },
      operator: { policy: 'read', capabilities: ['license-read', 'keyring-read'] },
      quota: { policy: 'read' },
      plugin: { policy: 'list' },
      sentinel: { policy: 'read', capabilities: ['sentinel-read'] },
    } satisfies Policy);
  });

  it("accepts Nomad's JSON form and gives the same policy as the HCL form", () => {
    const json = '{"namespace": {"default": {"policy": "read"}}, "agent": {"policy": "read"}}';
    const hcl = 'namespace "default" { policy = "read" }\nagent { policy = "read" }';
    expect(parsePolicy(json)).toEqual(parsePolicy(hcl));
    const withVariables =
      '{"namespace": {"default": {"policy": "write", "variables": {"path": {"a/*": {"capabilities": ["read"]}}}}}, "node_pool": [{"p": {"policy": "read"}}]}';
    expect(parsePolicy(withVariables)).toEqual(
      parsePolicy(
        'namespace "default" { policy = "write" variables { path "a/*" { capabilities = ["read"] } } }\nnode_pool "p" { policy = "read" }',
      ),
    );
  });

  it('the empty string is an empty policy without error (Nomad fast path)', () => {
    expect(parsePolicy('')).toEqual(EMPTY);
    expect(parsePolicy('', { strict: true, profile: 'v1.0' })).toEqual(EMPTY);
  });

  it.each([
    '   ',
    '\n\t\n',
    '# only a comment\n',
    '/* c */',
    'unknown { policy = "read" }',
    'foo = 1',
  ])('text with no recognised block is `Invalid policy: <raw>` (%j)', (text) => {
    expect(errorText(text)).toBe(`Invalid policy: ${text}`);
  });

  it('keeps repeated labelled blocks in order, the same label included', () => {
    const policy = parsePolicy(
      'namespace "b" { policy = "read" }\nnamespace "a" { policy = "deny" }\nnamespace "b" { policy = "write" }',
    );
    expect(policy.namespaces.map((ns) => [ns.name, ns.policy])).toEqual([
      ['b', 'read'],
      ['a', 'deny'],
      ['b', 'write'],
    ]);
  });

  it('repeated blocks merge, a repeated string keeps the last value, a repeated list appends (Go HCL v1)', () => {
    expect(parsePolicy('agent { policy = "write" }\nagent { policy = "read" }').agent).toEqual({
      policy: 'read',
    });
    expect(parsePolicy('agent { policy = "write" }\nagent {}').agent).toEqual({ policy: 'write' });
    expect(
      parsePolicy('namespace "a" { policy = "read" policy = "write" }').namespaces[0]?.policy,
    ).toBe('write');
    expect(
      namespaceCaps('namespace "a" { capabilities = ["read-job"] capabilities = ["list-jobs"] }'),
    ).toEqual(['read-job', 'list-jobs']);
  });

  it('matches keys case-insensitively and accepts bare labels, as HCL v1 does', () => {
    expect(parsePolicy('NAMESPACE default { Policy = "read" }\nAgent { POLICY = "read" }')).toEqual(
      parsePolicy('namespace "default" { policy = "read" }\nagent { policy = "read" }'),
    );
  });

  it('a number where a word is expected becomes its text (then fails validation)', () => {
    expect(errorText('namespace "default" { policy = 1 }')).toBe(
      'Invalid namespace policy: &acl.NamespacePolicy{Name:"default", Policy:"1", Capabilities:[]string(nil), Variables:(*acl.VariablesPolicy)(nil)}',
    );
  });

  it("an empty block without its label makes Nomad's second pass panic (index out of range)", () => {
    for (const text of [
      'namespace {}',
      'host_volume {}',
      'node_pool {}',
      '{"namespace": {}}',
      'namespace "a" { variables { path {} } }',
    ]) {
      expect(errorText(text)).toBe(
        'Failed to parse ACL Policy: invalid acl policy: runtime error: index out of range [0] with length 0',
      );
    }
  });

  it("a non-empty block without its label gets an empty name from Nomad's second pass", () => {
    expect(errorText('namespace { policy = "read" }')).toBe(
      'Invalid namespace name: &acl.NamespacePolicy{Name:"", Policy:"read", Capabilities:[]string(nil), Variables:(*acl.VariablesPolicy)(nil)}',
    );
    expect(errorText('node_pool { policy = "read" }')).toBe("Invalid node pool name ''");
    expect(
      errorText('namespace "a" { variables {\n path {}\n path "x" { capabilities = ["read"] } } }'),
    ).toBe('Invalid missing variable path in namespace a');
  });

  it('an empty label is reported as an empty name', () => {
    expect(errorText('namespace "" {}')).toBe(
      'Invalid namespace name: &acl.NamespacePolicy{Name:"", Policy:"", Capabilities:[]string(nil), Variables:(*acl.VariablesPolicy)(nil)}',
    );
    expect(errorText('node_pool "" {}')).toBe("Invalid node pool name ''");
  });
});

describe('names (§6.1, §5.1)', () => {
  const long = 'a'.repeat(128);
  it.each(['default', 'prod-*', '*', 'a-b-9', '*admin*', long])(
    'namespace and host volume label %j is valid',
    (name) => {
      expect(parsePolicy(`namespace "${name}" {}`).namespaces[0]?.name).toBe(name);
      expect(parsePolicy(`host_volume "${name}" {}`).hostVolumes[0]?.name).toBe(name);
    },
  );

  it.each(['a_b', 'a.b', 'a b', 'é', `${long}a`])('namespace label %j is invalid', (name) => {
    expect(errorText(`namespace "${name}" {}`)).toMatch(
      /^Invalid namespace name: &acl\.NamespacePolicy\{Name:/,
    );
    expect(errorText(`host_volume "${name}" {}`)).toMatch(
      /^Invalid host volume name: &acl\.HostVolumePolicy\{Name:/,
    );
  });

  it('node pool labels also allow underscores, and nothing else more', () => {
    expect(parsePolicy('node_pool "a_b-*" {}').nodePools[0]?.name).toBe('a_b-*');
    expect(errorText('node_pool "a.b" {}')).toBe("Invalid node pool name 'a.b'");
  });

  it('validatePolicyName follows ^[a-zA-Z0-9-]{1,128}$ (no underscores or dots)', () => {
    expect(['a', 'A-9', 'anonymous', 'x'.repeat(128)].map(validatePolicyName)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['', 'a_b', 'a.b', 'a b', 'é', 'x'.repeat(129)].map(validatePolicyName)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('policy words (§6.1)', () => {
  it.each(['deny', 'read', 'write', 'scale'])('%s is valid in every block but plugin', (word) => {
    const text = ['agent', 'node', 'operator', 'quota', 'sentinel']
      .map((b) => `${b} { policy = "${word}" }`)
      .join('\n');
    expect(() =>
      parsePolicy(
        `${text}\nnamespace "a" { policy = "${word}" }\nnode_pool "p" { policy = "${word}" }\nhost_volume "v" { policy = "${word}" }`,
      ),
    ).not.toThrow();
  });

  it('plugin accepts deny, read, list, write and not scale', () => {
    for (const word of ['deny', 'read', 'list', 'write'])
      expect(parsePolicy(`plugin { policy = "${word}" }`).plugin).toEqual({ policy: word });
    expect(errorText('plugin { policy = "scale" }')).toBe(
      'Invalid plugin policy: &acl.PluginPolicy{Policy:"scale"}',
    );
  });

  it('list is not valid in namespace, agent, node, operator or quota blocks', () => {
    expect(errorText('namespace "a" { policy = "list" }')).toMatch(/^Invalid namespace policy: /);
    expect(errorText('agent { policy = "list" }')).toBe(
      'Invalid agent policy: &acl.AgentPolicy{Policy:"list"}',
    );
    expect(errorText('node { policy = "list" }')).toBe(
      'Invalid node policy: &acl.NodePolicy{Policy:"list"}',
    );
    expect(errorText('operator { policy = "list" }')).toBe(
      'Invalid operator policy: &acl.OperatorPolicy{Policy:"list", Capabilities:[]string(nil)}',
    );
    expect(errorText('quota { policy = "list" }')).toBe(
      'Invalid quota policy: &acl.QuotaPolicy{Policy:"list"}',
    );
  });

  it('agent, node, quota and plugin require a policy word', () => {
    expect(errorText('agent {}')).toBe('Invalid agent policy: &acl.AgentPolicy{Policy:""}');
    expect(errorText('node {}')).toBe('Invalid node policy: &acl.NodePolicy{Policy:""}');
    expect(errorText('quota {}')).toBe('Invalid quota policy: &acl.QuotaPolicy{Policy:""}');
    expect(errorText('plugin {}')).toBe('Invalid plugin policy: &acl.PluginPolicy{Policy:""}');
  });
});

describe('namespace capabilities and expansions (§6.2, §6.3)', () => {
  it.each([
    ['read', MODERN_READ],
    ['write', [...MODERN_WRITE, 'host-volume-read']],
    ['scale', MODERN_SCALE],
    ['deny', ['deny']],
  ])('modern `policy = "%s"` expands in Nomad\'s exact order', (word, expected) => {
    expect(namespaceCaps(`namespace "a" { policy = "${word}" }`)).toEqual(expected);
  });

  it.each([
    ['read', TUTORIAL_READ],
    ['write', TUTORIAL_WRITE],
    ['scale', TUTORIAL_SCALE],
    ['deny', ['deny']],
  ])('v1.0 `policy = "%s"` expands to the 1.0 list', (word, expected) => {
    expect(namespaceCaps(`namespace "a" { policy = "${word}" }`, { profile: 'v1.0' })).toEqual(
      expected,
    );
  });

  it('write grants neither alloc-node-exec, csi-register-plugin, sentinel-override nor the 2.0 job capabilities', () => {
    const caps = namespaceCaps('namespace "a" { policy = "write" }');
    for (const cap of [
      'alloc-node-exec',
      'csi-register-plugin',
      'sentinel-override',
      'host-volume-register',
      'host-volume-write',
      'host-volume-delete',
      'register-job',
      'purge-job',
    ]) {
      expect(caps).not.toContain(cap);
    }
  });

  it('explicit capabilities come first, then the policy expansion, then implicit host-volume expansions', () => {
    expect(
      namespaceCaps(
        'namespace "a" { policy = "read" capabilities = ["host-volume-write", "alloc-node-exec"] }',
      ),
    ).toEqual([
      'host-volume-write',
      'alloc-node-exec',
      ...MODERN_READ,
      'host-volume-register',
      'host-volume-create',
      'host-volume-delete',
      'host-volume-read',
    ]);
  });

  it.each([
    [
      ['host-volume-write'],
      [
        'host-volume-write',
        'host-volume-register',
        'host-volume-create',
        'host-volume-delete',
        'host-volume-read',
      ],
    ],
    [['host-volume-register'], ['host-volume-register', 'host-volume-create', 'host-volume-read']],
    [['host-volume-create'], ['host-volume-create', 'host-volume-read']],
    [
      ['host-volume-create', 'host-volume-register'],
      [
        'host-volume-create',
        'host-volume-register',
        'host-volume-read',
        'host-volume-create',
        'host-volume-read',
      ],
    ],
    [
      ['host-volume-read', 'host-volume-delete'],
      ['host-volume-read', 'host-volume-delete'],
    ],
  ])('implicit expansion of %j is one level only and keeps duplicates', (explicit, expected) => {
    expect(namespaceCaps(`namespace "a" { capabilities = ${JSON.stringify(explicit)} }`)).toEqual(
      expected,
    );
  });

  it('an explicit capability list without a policy word is kept as written', () => {
    expect(
      namespaceCaps('namespace "a" { capabilities = ["submit-job", "deny", "submit-job"] }'),
    ).toEqual(['submit-job', 'deny', 'submit-job']);
    expect(namespaceCaps('namespace "a" { capabilities = [] }')).toEqual([]);
    expect(namespaceCaps('namespace "a" {}')).toEqual([]);
  });

  const modernOnly = [
    'parse-job',
    'host-volume-create',
    'host-volume-register',
    'host-volume-read',
    'host-volume-write',
    'host-volume-delete',
  ];
  const v20 = [
    'register-job',
    'revert-job',
    'deregister-job',
    'purge-job',
    'evaluate-job',
    'plan-job',
    'tag-job-version',
    'stable-job',
    'fail-deployment',
    'pause-deployment',
    'promote-deployment',
    'unblock-deployment',
    'cancel-deployment',
    'set-alloc-health-deployment',
    'gc-allocation',
    'pause-allocation',
    'force-periodic-job',
    'delete-service-registration',
  ];
  const shared = [
    'deny',
    'list-jobs',
    'read-job',
    'submit-job',
    'dispatch-job',
    'read-logs',
    'read-fs',
    'alloc-exec',
    'alloc-node-exec',
    'alloc-lifecycle',
    'sentinel-override',
    'csi-register-plugin',
    'csi-write-volume',
    'csi-read-volume',
    'csi-list-volume',
    'csi-mount-volume',
    'list-scaling-policies',
    'read-scaling-policy',
    'read-job-scaling',
    'scale-job',
    'submit-recommendation',
  ];

  it('the modern vocabulary accepts every capability of §6.2', () => {
    const all = [...shared, ...modernOnly, ...v20];
    expect(() =>
      parsePolicy(`namespace "a" { capabilities = ${JSON.stringify(all)} }`),
    ).not.toThrow();
  });

  it('the v1.0 vocabulary accepts the 1.0 list and rejects later capabilities', () => {
    expect(() =>
      parsePolicy(`namespace "a" { capabilities = ${JSON.stringify(shared)} }`, {
        profile: 'v1.0',
      }),
    ).not.toThrow();
    for (const cap of [...modernOnly, ...v20]) {
      expect(errorText(`namespace "a" { capabilities = ["${cap}"] }`, { profile: 'v1.0' })).toBe(
        `Invalid namespace capability '${cap}': &acl.NamespacePolicy{Name:"a", Policy:"", Capabilities:[]string{"${cap}"}}`,
      );
    }
  });
});

describe("other blocks' expansions (§6.3)", () => {
  it.each([
    ['read', ['read']],
    ['write', ['delete', 'read', 'write']],
    ['deny', ['deny']],
    ['scale', []],
  ])('node_pool policy %s', (word, expected) => {
    expect(parsePolicy(`node_pool "p" { policy = "${word}" }`).nodePools[0]?.capabilities).toEqual(
      expected,
    );
  });

  it.each([
    ['read', ['mount-readonly']],
    ['write', ['mount-readonly', 'mount-readwrite']],
    ['deny', ['deny']],
    ['scale', []],
  ])('host_volume policy %s', (word, expected) => {
    expect(
      parsePolicy(`host_volume "v" { policy = "${word}" }`).hostVolumes[0]?.capabilities,
    ).toEqual(expected);
  });

  it.each([
    ['read', ['license-read', 'keyring-read']],
    [
      'write',
      ['snapshot-save', 'license-read', 'keyring-rotate', 'keyring-read', 'keyring-delete'],
    ],
    ['deny', ['deny']],
    ['scale', []],
  ])('operator policy %s', (word, expected) => {
    expect(parsePolicy(`operator { policy = "${word}" }`).operator).toEqual({
      policy: word,
      capabilities: expected,
    });
  });

  it.each([
    ['read', ['sentinel-read']],
    ['write', ['sentinel-read', 'sentinel-submit', 'sentinel-delete']],
    ['deny', ['deny']],
  ])('sentinel policy %s', (word, expected) => {
    expect(parsePolicy(`sentinel { policy = "${word}" }`).sentinel).toEqual({
      policy: word,
      capabilities: expected,
    });
  });

  it('explicit capabilities come before the policy expansion in every block', () => {
    const policy = parsePolicy(
      'node_pool "p" { policy = "read" capabilities = ["delete"] }\nhost_volume "v" { policy = "read" capabilities = ["mount-readwrite"] }\n' +
        'operator { policy = "read" capabilities = ["snapshot-save"] }\nsentinel { capabilities = ["sentinel-submit"] }',
    );
    expect(policy.nodePools[0]?.capabilities).toEqual(['delete', 'read']);
    expect(policy.hostVolumes[0]?.capabilities).toEqual(['mount-readwrite', 'mount-readonly']);
    expect(policy.operator).toEqual({
      policy: 'read',
      capabilities: ['snapshot-save', 'license-read', 'keyring-read'],
    });
    expect(policy.sentinel).toEqual({ policy: '', capabilities: ['sentinel-submit'] });
  });

  it.each([
    [['read'], ['read', 'list']],
    [
      ['read', 'list'],
      ['read', 'list'],
    ],
    [
      ['list', 'read'],
      ['list', 'read'],
    ],
    [['write'], ['write']],
    [
      ['destroy', 'read'],
      ['destroy', 'read', 'list'],
    ],
    [['write', 'deny', 'read'], ['deny']],
    [['deny'], ['deny']],
    [[], []],
  ])('variables path capabilities %j expand to %j', (explicit, expected) => {
    const text = `namespace "a" { variables { path "p" { capabilities = ${JSON.stringify(explicit)} } } }`;
    expect(parsePolicy(text).namespaces[0]?.variables?.paths[0]?.capabilities).toEqual(expected);
  });
});

describe('error texts (§6.4)', () => {
  it('HCL syntax errors are prefixed and carry the position', () => {
    // The missing value's error (at the "}") is dropped at that "}", so Go reports the missing "}".
    const error = parseError('namespace "default" {\n  policy = \n}');
    expect(error.message).toBe(
      'Failed to parse ACL Policy: At 3:2: object expected closing RBRACE got: EOF',
    );
    expect([error.line, error.column]).toEqual([3, 2]);
    // Go's JSON parser drops an item whose value is missing before "}".
    expect(errorText('{"namespace": }')).toBe('Invalid policy: {"namespace": }');
  });

  it('wrong value shapes are Go decoder errors, at the value (no position for JSON)', () => {
    expect(errorText('namespace "default" { policy = ["read"] }')).toBe(
      'Failed to parse ACL Policy: At 1:32: root.namespace[0].Policy: unknown type for string *ast.ListType',
    );
    expect(errorText('agent = "read"')).toBe(
      'Failed to parse ACL Policy: At 1:9: root.agent: not an object type for struct (*ast.LiteralType)',
    );
    expect(errorText('namespace "a" { capabilities = "read-job" }')).toBe(
      'Failed to parse ACL Policy: At 1:32: unknown slice type: *ast.LiteralType',
    );
    expect(errorText('{"agent": {"policy": ["read"]}}')).toBe(
      'Failed to parse ACL Policy: At -: root.agent.Policy: unknown type for string *ast.ListType',
    );
    // A bool or a null where a string is expected is not a shape error: they decode as "true" and "".
    expect(errorText('namespace "a" { capabilities = [true] }')).toMatch(
      /^Invalid namespace capability 'true'/,
    );
    expect(errorText('{"agent": {"policy": null}}')).toBe(
      'Invalid agent policy: &acl.AgentPolicy{Policy:""}',
    );
  });

  it.each([
    [
      'namespace "bad_name" {}',
      'Invalid namespace name: &acl.NamespacePolicy{Name:"bad_name", Policy:"", Capabilities:[]string(nil), Variables:(*acl.VariablesPolicy)(nil)}',
    ],
    [
      'namespace "default" { policy = "foo" }',
      'Invalid namespace policy: &acl.NamespacePolicy{Name:"default", Policy:"foo", Capabilities:[]string(nil), Variables:(*acl.VariablesPolicy)(nil)}',
    ],
    [
      'namespace "default" { policy = "foo" capabilities = [] }',
      'Invalid namespace policy: &acl.NamespacePolicy{Name:"default", Policy:"foo", Capabilities:[]string{}, Variables:(*acl.VariablesPolicy)(nil)}',
    ],
    [
      'namespace "default" { capabilities = ["read-job", "bogus"] }',
      'Invalid namespace capability \'bogus\': &acl.NamespacePolicy{Name:"default", Policy:"", Capabilities:[]string{"read-job", "bogus"}, Variables:(*acl.VariablesPolicy)(nil)}',
    ],
    [
      'namespace "a\\"b" {}',
      'Invalid namespace name: &acl.NamespacePolicy{Name:"a\\"b", Policy:"", Capabilities:[]string(nil), Variables:(*acl.VariablesPolicy)(nil)}',
    ],
    ['namespace "a" { variables {} }', 'Invalid variable policy: no variable paths in namespace a'],
    [
      'namespace "a" { variables { path "" { capabilities = ["read"] } } }',
      'Invalid missing variable path in namespace a',
    ],
    [
      'namespace "a" { variables { path "/x" { capabilities = ["read"] } } }',
      'Invalid variable path "/x" in namespace a: cannot start with a leading \'/\'`',
    ],
    [
      'namespace "a" { variables { path "x" { capabilities = ["read", "submit"] } } }',
      "Invalid variable capability 'submit' in namespace a",
    ],
    ['node_pool "bad.name" {}', "Invalid node pool name 'bad.name'"],
    ['node_pool "p" { policy = "list" }', "Invalid node pool policy 'list' for 'p'"],
    [
      'node_pool "p" { capabilities = ["mount-readonly"] }',
      "Invalid node pool capability 'mount-readonly' for 'p'",
    ],
    [
      'host_volume "bad_name" {}',
      'Invalid host volume name: &acl.HostVolumePolicy{Name:"bad_name", Policy:"", Capabilities:[]string(nil)}',
    ],
    [
      'host_volume "v" { policy = "list" }',
      'Invalid host volume policy: &acl.HostVolumePolicy{Name:"v", Policy:"list", Capabilities:[]string(nil)}',
    ],
    [
      'host_volume "v" { capabilities = ["read"] }',
      'Invalid host volume capability \'read\': &acl.HostVolumePolicy{Name:"v", Policy:"", Capabilities:[]string{"read"}}',
    ],
    ['agent { policy = "foo" }', 'Invalid agent policy: &acl.AgentPolicy{Policy:"foo"}'],
    ['node { policy = "foo" }', 'Invalid node policy: &acl.NodePolicy{Policy:"foo"}'],
    [
      'operator { policy = "foo" }',
      'Invalid operator policy: &acl.OperatorPolicy{Policy:"foo", Capabilities:[]string(nil)}',
    ],
    [
      'operator { capabilities = ["license-read", "snapshot-restore"] }',
      "Invalid operator capability 'snapshot-restore'",
    ],
    [
      'sentinel { policy = "foo" capabilities = ["sentinel-read"] }',
      'Invalid sentinel policy: &acl.SentinelPolicy{Policy:"foo", Capabilities:[]string{"sentinel-read"}}',
    ],
    [
      'sentinel { capabilities = ["sentinel-override"] }',
      "Invalid sentinel capability 'sentinel-override'",
    ],
    ['quota { policy = "foo" }', 'Invalid quota policy: &acl.QuotaPolicy{Policy:"foo"}'],
    ['plugin { policy = "foo" }', 'Invalid plugin policy: &acl.PluginPolicy{Policy:"foo"}'],
  ])('%s -> %s', (text, message) => {
    expect(errorText(text)).toBe(message);
  });

  it('the namespace is printed as decoded, with a stand-in pointer when variables are present', () => {
    expect(
      errorText(
        'namespace "a" { policy = "x" variables { path "p" { capabilities = ["read"] } } }',
      ),
    ).toMatch(
      /^Invalid namespace policy: &acl\.NamespacePolicy\{Name:"a", Policy:"x", Capabilities:\[\]string\(nil\), Variables:\(\*acl\.VariablesPolicy\)\(0x[0-9a-f]+\)\}$/,
    );
  });

  it('Go quoting escapes control characters and keeps printable Unicode', () => {
    expect(errorText('namespace "a" { policy = "é\\n\\x01" }')).toBe(
      'Invalid namespace policy: &acl.NamespacePolicy{Name:"a", Policy:"é\\n\\x01", Capabilities:[]string(nil), Variables:(*acl.VariablesPolicy)(nil)}',
    );
  });

  it('1.0 structs have no Variables or operator Capabilities fields', () => {
    expect(errorText('namespace "a" { policy = "x" }', { profile: 'v1.0' })).toBe(
      'Invalid namespace policy: &acl.NamespacePolicy{Name:"a", Policy:"x", Capabilities:[]string(nil)}',
    );
    expect(errorText('operator { policy = "x" }', { profile: 'v1.0' })).toBe(
      'Invalid operator policy: &acl.OperatorPolicy{Policy:"x"}',
    );
    expect(errorText('operator {}', { profile: 'v1.0' })).toBe(
      'Invalid operator policy: &acl.OperatorPolicy{Policy:""}',
    );
  });

  it('validation errors point at the offending block', () => {
    const error = parseError('agent { policy = "read" }\n\n  node {\n policy = "x" }');
    expect([error.line, error.column]).toEqual([3, 3]);
  });
});

describe('check order (§6.4): the first failure wins', () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'syntax before everything',
      ['namespace "bad_name" {}', 'agent {'],
      /^Failed to parse ACL Policy: At /,
    ],
    ['no block before strict keys', ['foo = 1'], /^Invalid policy: /],
    [
      'namespace name before policy before capability',
      ['namespace "bad_name" { policy = "x" capabilities = ["y"] }'],
      /^Invalid namespace name/,
    ],
    [
      'namespace policy before capability',
      ['namespace "a" { policy = "x" capabilities = ["y"] }'],
      /^Invalid namespace policy/,
    ],
    [
      "a namespace's variables before the next namespace",
      ['namespace "a" { variables {} }', 'namespace "bad_name" {}'],
      /^Invalid variable policy/,
    ],
    [
      'namespaces before node pools',
      ['node_pool "p" { policy = "x" }', 'namespace "a" { policy = "x" }'],
      /^Invalid namespace policy/,
    ],
    [
      'node pools before host volumes',
      ['host_volume "v" { policy = "x" }', 'node_pool "p" { policy = "x" }'],
      /^Invalid node pool policy/,
    ],
    [
      'host volumes before strict keys',
      ['foo = 1', 'host_volume "v" { policy = "x" }'],
      /^Invalid host volume policy/,
    ],
    [
      'strict keys before agent',
      ['agent { policy = "x" }', 'foo = 1'],
      /^Invalid or duplicate policy keys: foo$/,
    ],
    [
      'agent before node',
      ['node { policy = "x" }', 'agent { policy = "x" }'],
      /^Invalid agent policy/,
    ],
    [
      'node before operator',
      ['operator { policy = "x" }', 'node { policy = "x" }'],
      /^Invalid node policy/,
    ],
    [
      'operator before sentinel',
      ['sentinel { policy = "x" }', 'operator { policy = "x" }'],
      /^Invalid operator policy/,
    ],
    [
      'sentinel before quota',
      ['quota { policy = "x" }', 'sentinel { policy = "x" }'],
      /^Invalid sentinel policy/,
    ],
    [
      'quota before plugin',
      ['plugin { policy = "x" }', 'quota { policy = "x" }'],
      /^Invalid quota policy/,
    ],
    [
      'namespaces in document order',
      ['namespace "a" { policy = "x" }', 'namespace "b" { policy = "y" }'],
      /Name:"a"/,
    ],
  ];
  it.each(cases)('%s', (_label, blocks, expected) => {
    expect(errorText(blocks.join('\n'), { strict: true })).toMatch(expected);
  });
});

describe('strict mode (§6.4, modern only)', () => {
  it.each([
    ['unknown top-level key', 'namespace "a" { policy = "read" }\nfoo { }', 'foo'],
    ['duplicate singleton blocks', 'node { policy = "read" }\nnode { policy = "read" }', 'node'],
    [
      'several, sorted, a key per extra copy',
      'zeta = 1\nalpha = 2\nzeta = 3\nagent { policy = "read" }\nagent { policy = "read" }',
      'agent, alpha, zeta, zeta',
    ],
    ['extra labels are unknown top-level keys', 'agent "x" { policy = "read" }', 'x'],
    [
      'labels of unknown blocks are listed too',
      'bogus "x" {}\nagent { policy = "read" }',
      'bogus, x',
    ],
    [
      'sorted by UTF-8 bytes as Go does, not UTF-16 units',
      'node { policy = "read" }\n"\u{1F600}" = 1\n"\uFF21" = 2',
      '\uFF21, \u{1F600}',
    ],
    [
      'a repeated block spelled with another case keeps one spelling',
      'Namespace "a" {}\nNamespace "b" {}',
      'Namespace',
    ],
  ])('%s -> Invalid or duplicate policy keys: %s', (_label, text, keys) => {
    expect(errorText(text, { strict: true })).toBe(`Invalid or duplicate policy keys: ${keys}`);
  });

  it.each([
    ['an unknown key in a namespace', 'namespace "a" { policy = "read" polcy = "x" }'],
    [
      'unknown keys in variables and path',
      'namespace "a" { variables { x = 1\n path "p" { capabilities = ["read"] y = 2 } } }',
    ],
    ['an unknown key in a singleton block', 'agent { policy = "read" capabilities = ["x"] }'],
    [
      'repeated variables blocks (they merge)',
      'namespace "a" { variables { path "p" {} } variables { path "q" {} } }',
    ],
    [
      'repeated labelled blocks',
      'namespace "a" {}\nnamespace "b" {}\nnode_pool "p" {}\nnode_pool "q" {}\nhost_volume "v" {}\nhost_volume "w" {}',
    ],
  ])('only top-level keys are checked: %s passes', (_label, text) => {
    expect(() => parsePolicy(text, { strict: true })).not.toThrow();
  });

  it('lenient mode ignores unknown keys and lets the last duplicate win', () => {
    expect(
      parsePolicy('namespace "a" { policy = "read" polcy = "x" }\nfoo {}').namespaces[0]?.policy,
    ).toBe('read');
    expect(parsePolicy('node { policy = "read" }\nnode { policy = "write" }').node).toEqual({
      policy: 'write',
    });
  });

  it('the v1.0 profile predates strict mode', () => {
    expect(
      parsePolicy(
        'namespace "a" { policy = "read" polcy = "x" }\nnode { policy = "read" }\nnode { policy = "read" }',
        { strict: true, profile: 'v1.0' },
      ).node,
    ).toEqual({
      policy: 'read',
    });
  });
});

describe('v1.0 profile: later blocks are unknown keys (§13)', () => {
  it('ignores node_pool, sentinel and variables, and operator capabilities', () => {
    const policy = parsePolicy(
      'namespace "a" { policy = "read" variables { path "p" { capabilities = ["read"] } } }\nnode_pool "p" { policy = "read" }\n' +
        'sentinel { policy = "read" }\noperator { policy = "read" capabilities = ["snapshot-save"] }',
      { profile: 'v1.0' },
    );
    expect(policy.namespaces[0]).toEqual({
      name: 'a',
      policy: 'read',
      capabilities: TUTORIAL_READ,
      variables: null,
    });
    expect(policy.nodePools).toEqual([]);
    expect(policy.sentinel).toBeNull();
    expect(policy.operator).toEqual({ policy: 'read', capabilities: [] });
  });

  it('a node_pool-only policy has no recognised block there', () => {
    expect(errorText('node_pool "p" { policy = "read" }', { profile: 'v1.0' })).toBe(
      'Invalid policy: node_pool "p" { policy = "read" }',
    );
  });

  it('host_volume blocks exist in 1.0', () => {
    expect(
      parsePolicy('host_volume "v" { policy = "write" }', { profile: 'v1.0' }).hostVolumes[0]
        ?.capabilities,
    ).toEqual(['mount-readonly', 'mount-readwrite']);
  });
});

describe("the tutorial's permissive anonymous policy (seed-tutorial.md)", () => {
  const text = `namespace "*" {
  policy       = "write"
  capabilities = ["alloc-node-exec"]
}

agent {
  policy = "write"
}

operator {
  policy = "write"
}

quota {
  policy = "write"
}

node {
  policy = "write"
}

host_volume "*" {
  policy = "write"
}
`;

  it('parses in the v1.0 profile with the 1.0 expansion', () => {
    expect(parsePolicy(text, { profile: 'v1.0', strict: true })).toEqual({
      ...EMPTY,
      namespaces: [
        {
          name: '*',
          policy: 'write',
          capabilities: ['alloc-node-exec', ...TUTORIAL_WRITE],
          variables: null,
        },
      ],
      hostVolumes: [
        { name: '*', policy: 'write', capabilities: ['mount-readonly', 'mount-readwrite'] },
      ],
      agent: { policy: 'write' },
      node: { policy: 'write' },
      operator: { policy: 'write', capabilities: [] },
      quota: { policy: 'write' },
    } satisfies Policy);
  });

  it('parses in the modern profile, strict, with the modern expansion', () => {
    const policy = parsePolicy(text, { strict: true });
    expect(policy.namespaces[0]?.capabilities).toEqual([
      'alloc-node-exec',
      ...MODERN_WRITE,
      'host-volume-read',
    ]);
    expect(policy.operator?.capabilities).toEqual([
      'snapshot-save',
      'license-read',
      'keyring-rotate',
      'keyring-read',
      'keyring-delete',
    ]);
  });
});
