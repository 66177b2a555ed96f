/**
 * The cases of Nomad's own `acl/policy_test.go` (TestParse, TestParse_BadInput, TestParse_ExtraKeys),
 * run through parsePolicy in strict mode as Nomad runs them, with Nomad's expected results. The
 * documents keep what the cases are about (the trailing commas of the JSON case, the mismatched
 * brackets of the `paths` case, the unlabelled `path {}`); the expected policies are Nomad's,
 * written out with the spec's expansion lists.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy, type Policy, PolicyParseError } from '../src/acl/index.js';

function errorOf(text: string): string {
  try {
    parsePolicy(text, { strict: true });
  } catch (error) {
    if (error instanceof PolicyParseError) return error.message;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

const READ = [
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
const WRITE = [
  ...READ,
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
const SCALE = [
  'list-scaling-policies',
  'read-scaling-policy',
  'read-job-scaling',
  'scale-job',
  'read-job',
  'submit-recommendation',
];

const NONE: Policy = {
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

/** TestParse/01 and /02: the same policy, in HCL and in JSON. */
const FULL: Policy = {
  ...NONE,
  namespaces: [
    { name: 'default', policy: 'read', capabilities: READ, variables: null },
    // write, then the implicit expansion of host-volume-create
    {
      name: 'other',
      policy: 'write',
      capabilities: [...WRITE, 'host-volume-read'],
      variables: null,
    },
    { name: 'secret', policy: '', capabilities: ['deny', 'read-logs'], variables: null },
    {
      name: 'apps',
      policy: '',
      capabilities: [],
      variables: {
        paths: [
          { pathSpec: 'jobs/write-does-not-imply-read-or-delete', capabilities: ['write'] },
          { pathSpec: 'project/read-implies-list', capabilities: ['read', 'list'] },
          { pathSpec: 'project/explicit', capabilities: ['read', 'list', 'destroy'] },
        ],
      },
    },
    { name: 'autoscaler', policy: 'scale', capabilities: SCALE, variables: null },
  ],
  hostVolumes: [
    { name: 'production-tls-*', policy: '', capabilities: ['mount-readonly'] },
    { name: 'staging-tls-*', policy: 'write', capabilities: ['mount-readonly', 'mount-readwrite'] },
  ],
  nodePools: [
    { name: 'prod', policy: '', capabilities: ['read'] },
    { name: 'dev', policy: 'write', capabilities: ['delete', 'read', 'write'] },
  ],
  agent: { policy: 'read' },
  node: { policy: 'write' },
  operator: { policy: 'deny', capabilities: ['deny'] },
  quota: { policy: 'read' },
  plugin: { policy: 'read' },
};

const FULL_HCL = `
namespace "default" { policy = "read" }
namespace "other" { policy = "write" }
namespace "secret" { capabilities = ["deny", "read-logs"] }
namespace "apps" {
  variables {
    path "jobs/write-does-not-imply-read-or-delete" { capabilities = ["write"] }
    path "project/read-implies-list" { capabilities = ["read"] }
    path "project/explicit" { capabilities = ["read", "list", "destroy"] }
  }
}
namespace "autoscaler" { policy = "scale" }
host_volume "production-tls-*" { capabilities = ["mount-readonly"] }
host_volume "staging-tls-*" { policy = "write" }
node_pool "prod" { capabilities = ["read"] }
node_pool "dev" { policy = "write" }
agent { policy = "read" }
node { policy = "write" }
operator { policy = "deny" }
quota { policy = "read" }
plugin { policy = "read" }
`;

/** TestParse/02's JSON, with its trailing commas after the last member of several objects and lists. */
const FULL_JSON = `
{
  "namespace": [
    { "default": { "policy": "read" }, },
    { "other": { "policy": "write" }, },
    { "secret": { "capabilities": ["deny", "read-logs"] } },
    { "apps": { "variables": [ { "path": [
      { "jobs/write-does-not-imply-read-or-delete": { "capabilities": ["write"], }, },
      { "project/read-implies-list": { "capabilities": ["read"], }, },
      { "project/explicit": { "capabilities": ["read", "list", "destroy"], }, },
    ], }, ], }, },
    { "autoscaler": { "policy": "scale" }, },
  ],
  "host_volume": [
    { "production-tls-*": { "capabilities": ["mount-readonly"] } },
    { "staging-tls-*": { "policy": "write" } }
  ],
  "node_pool": [
    { "prod": { "capabilities": ["read"] } },
    { "dev": { "policy": "write" } }
  ],
  "agent": { "policy": "read" },
  "node": { "policy": "write" },
  "operator": { "policy": "deny" },
  "quota": { "policy": "read" },
  "plugin": { "policy": "read" }
}`;

describe("Nomad's TestParse cases (strict mode)", () => {
  it('/00 a namespace with a policy word', () => {
    expect(parsePolicy('namespace "default" {\n  policy = "read"\n}', { strict: true })).toEqual({
      ...NONE,
      namespaces: [{ name: 'default', policy: 'read', capabilities: READ, variables: null }],
    });
  });

  it('/01 every block, in HCL', () => {
    expect(parsePolicy(FULL_HCL, { strict: true })).toEqual(FULL);
  });

  it('/02 every block, in JSON with trailing commas', () => {
    expect(parsePolicy(FULL_JSON, { strict: true })).toEqual(FULL);
  });

  it.each([
    [
      '/03 an invalid namespace policy',
      'namespace "default" { policy = "foo" }',
      'Invalid namespace policy',
    ],
    [
      '/04 a namespace without a label',
      'namespace {\n  policy = "read"\n}',
      'Invalid namespace name',
    ],
    [
      '/05 an empty namespace label in JSON',
      '{"namespace": [{"": {"policy": "read"}}]}',
      'Invalid namespace name',
    ],
    [
      '/06 a label on variables instead of a path',
      'namespace "dev" {\n  variables "*" {\n    capabilities = ["read", "write"]\n  }\n}',
      'Invalid variable policy: no variable paths in namespace dev',
    ],
    [
      '/07 a path with a leading slash',
      'namespace "dev" {\n  variables {\n    path "/nomad/job" { capabilities = ["read", "write"] }\n  }\n}',
      'Invalid variable path "/nomad/job" in namespace dev: cannot start with a leading \'/\'',
    ],
    [
      '/08 a path block without a label',
      'namespace "dev" {\n  policy = "read"\n\n  variables {\n    path {}\n    path "nomad/jobs/example" {\n      capabilities = ["read"]\n    }\n  }\n}',
      'Invalid missing variable path in namespace',
    ],
    [
      '/09 JSON with "paths" and mismatched brackets',
      '{\n "namespace": [\n  {\n   "dev": {\n    "policy": "read",\n    "variables": [\n     {\n      "paths": [\n       { "": { "capabilities": ["read"] } }\n      ]\n     ]\n    ]\n   }\n  }\n ]\n}',
      'no variable paths in namespace dev',
    ],
    [
      '/10 an invalid namespace capability',
      'namespace "default" { capabilities = ["deny", "foo"] }',
      'Invalid namespace capability',
    ],
    ['/11 an empty unlabelled namespace', 'namespace {}', 'invalid acl policy'],
    ['/12 an invalid agent policy', 'agent { policy = "foo" }', 'Invalid agent policy'],
    ['/13 an invalid node policy', 'node { policy = "foo" }', 'Invalid node policy'],
    ['/14 an invalid operator policy', 'operator { policy = "foo" }', 'Invalid operator policy'],
    ['/15 an invalid quota policy', 'quota { policy = "foo" }', 'Invalid quota policy'],
    [
      '/16 an ACL policy object instead of rules',
      '{\n "Name": "my-policy",\n "Description": "This is a great policy",\n "Rules": "anything"\n}',
      'Invalid policy',
    ],
    [
      '/17 a namespace label with a space',
      'namespace "has a space"{\n  policy = "read"\n}',
      'Invalid namespace name',
    ],
    ['an empty node pool label', 'node_pool "" {\n}', 'Invalid node pool name'],
    ['a node pool label with %', 'node_pool "pool%" {\n}', 'Invalid node pool name'],
    [
      'an invalid node pool capability',
      'node_pool "my-pool" { capabilities = ["read", "invalid"] }',
      'Invalid node pool capability',
    ],
    ['a node pool without a label', 'node_pool {\n  policy = "read"\n}', 'Invalid node pool name'],
    [
      'an empty node pool label in JSON',
      '{"node_pool": [{"": {"policy": "read"}}]}',
      'Invalid node pool name',
    ],
    [
      'a host volume label with spaces',
      'host_volume "volume has a space" { capabilities = ["mount-readwrite"] }',
      'Invalid host volume name',
    ],
    [
      'a host volume without a label',
      'host_volume {\n  policy = "read"\n}',
      'Invalid host volume name',
    ],
    [
      'an empty host volume label in JSON',
      '{"host_volume": [{"": {"policy": "read"}}]}',
      'Invalid host volume name',
    ],
    ['an invalid plugin policy', 'plugin { policy = "reader" }', 'Invalid plugin policy'],
  ])('%s', (_label, text, expected) => {
    expect(errorOf(text)).toContain(expected);
  });

  it('sentinel-override, the host-volume implications, node pools, host volumes and plugin list', () => {
    expect(
      parsePolicy('namespace "default" { capabilities = ["sentinel-override"] }', { strict: true })
        .namespaces,
    ).toEqual([
      { name: 'default', policy: '', capabilities: ['sentinel-override'], variables: null },
    ]);
    expect(
      parsePolicy(
        'namespace "default" { capabilities = ["host-volume-register"] }\nnamespace "other" { capabilities = ["host-volume-create"] }\nnamespace "foo" { capabilities = ["host-volume-write"] }',
        { strict: true },
      ).namespaces.map((ns) => ns.capabilities),
    ).toEqual([
      ['host-volume-register', 'host-volume-create', 'host-volume-read'],
      ['host-volume-create', 'host-volume-read'],
      [
        'host-volume-write',
        'host-volume-register',
        'host-volume-create',
        'host-volume-delete',
        'host-volume-read',
      ],
    ]);
    const pools = parsePolicy(
      [
        'node_pool "pool-read-only" { policy = "read" }',
        'node_pool "pool-read-write" { policy = "write" }',
        'node_pool "pool-read-upsert" { policy = "read"\n capabilities = ["write"] }',
        'node_pool "pool-multiple-capabilities" { policy = "read"\n capabilities = ["write", "delete"] }',
        'node_pool "pool-deny-policy" { policy = "deny"\n capabilities = ["write"] }',
        'node_pool "pool-deny-capability" { capabilities = ["deny", "read"] }',
        'node_pool "pool-*" { policy = "read" }',
      ].join('\n'),
      { strict: true },
    ).nodePools;
    expect(pools.map((p) => [p.name, p.policy, p.capabilities])).toEqual([
      ['pool-read-only', 'read', ['read']],
      ['pool-read-write', 'write', ['delete', 'read', 'write']],
      ['pool-read-upsert', 'read', ['write', 'read']],
      ['pool-multiple-capabilities', 'read', ['write', 'delete', 'read']],
      ['pool-deny-policy', 'deny', ['write', 'deny']],
      ['pool-deny-capability', '', ['deny', 'read']],
      ['pool-*', 'read', ['read']],
    ]);
    expect(
      parsePolicy('host_volume "production-tls-*" { capabilities = ["mount-readwrite"] }', {
        strict: true,
      }).hostVolumes,
    ).toEqual([{ name: 'production-tls-*', policy: '', capabilities: ['mount-readwrite'] }]);
    expect(parsePolicy('plugin { policy = "list" }', { strict: true }).plugin).toEqual({
      policy: 'list',
    });
  });

  it('TestParse_BadInput: an octal escape above 255 in a label', () => {
    expect(errorOf('namespace "\\500" {}')).toBe(
      'Failed to parse ACL Policy: invalid acl policy: unquote "\\500" err: invalid syntax',
    );
  });

  it('TestParse_ExtraKeys: unknown and repeated top-level blocks, in strict mode only', () => {
    const text = [
      'namespace "foo" {\n  policy = "write"\n  variables { path "project/*" { capabilities = ["read", "write"] } }\n}',
      'namespace "bar" {\n  policy = "write"\n  variables { path "system/*" { capabilities = ["read", "write"] } }\n}',
      'bogus { policy = "read" }',
      'anotherbogus { policy = "write" }',
      'node { policy = "read" }',
      'node { policy = "write" }',
      'agent { policy = "read" }',
      'agent { policy = "write" }',
      'operator { policy = "read" }',
      'operator { policy = "write" }',
      'quota { policy = "read" }',
      'quota { policy = "write" }',
      'host_volume "volume-read-only" { policy = "read" }',
      'host_volume "volume-read-write" { policy = "write" }',
      'plugin { policy = "read" }',
      'plugin { policy = "write" }',
      'node_pool "pool-read-only" { policy = "read" }',
      'node_pool "pool-read-write" { policy = "write" }',
    ].join('\n\n');
    expect(errorOf(text)).toBe(
      'Invalid or duplicate policy keys: agent, anotherbogus, bogus, node, operator, plugin, quota',
    );
    expect(() => parsePolicy(text, { strict: false })).not.toThrow();
  });
});
