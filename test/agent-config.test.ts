/**
 * Table tests for Nomad agent configuration files (src/agent-config): the tutorial's
 * snippets and typical multi-region server/client files, defaults and derived paths, every error
 * with its exact text, JSON = HCL, Nomad's merge rules, canonical printing, the operator's text
 * edits and the reload policy.
 */
import { describe, expect, it } from 'vitest';
import {
  AgentConfigError,
  type AgentConfig,
  DEFAULT_AGENT_CONFIG,
  agentConfigsEqual,
  bootstrapResetFilePath,
  checkAgentConfig,
  diffReloadable,
  effectiveAuthoritativeRegion,
  effectiveRaftMultiplier,
  isAuthoritativeRegion,
  joinPath,
  loadAgentConfigs,
  mergeAgentConfigFragments,
  mergeAgentConfigs,
  parseAgentConfig,
  parseAgentConfigFragment,
  printAgentConfig,
  serverDataDir,
  withAclEnabled,
  withAuthoritativeRegion,
  withReplicationToken,
} from '../src/agent-config/index.js';

/** The error thrown by `fn`, which must be an AgentConfigError. */
function failure(fn: () => unknown): AgentConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AgentConfigError) return error;
    throw error;
  }
  throw new Error('expected an AgentConfigError, nothing was thrown');
}

function parseError(text: string, file = 'server.hcl'): string {
  return failure(() => parseAgentConfig(text, { file })).message;
}

const AUTHORITATIVE_SERVER = `# Region "west" is authoritative
region     = "west"
datacenter = "west-1"
data_dir   = "/opt/nomad/data"
bind_addr  = "0.0.0.0"
log_level  = "DEBUG"

advertise {
  http = "10.0.0.1"
  rpc  = "10.0.0.1"
  serf = "10.0.0.1"
}

server {
  enabled              = true
  bootstrap_expect     = 3
  authoritative_region = "west"
  server_join {
    retry_join = ["10.0.0.2", "10.0.0.3"]
  }
}

acl {
  enabled = true
}

telemetry {
  publish_allocation_metrics = true
}
`;

const NON_AUTHORITATIVE_SERVER = `region = "east"
datacenter = "east-1"
data_dir = "/nomad-data-dir"
name = "east-server-1"

server {
  enabled = true
  bootstrap_expect = 3
  authoritative_region = "west"
  raft_multiplier = 2
}

acl {
  enabled = true
  replication_token = "9e2bb5ed-b3af-6bf3-5bbc-16dc684c5c31"
}
`;

const CLIENT = `region = "east"
datacenter = "east-1"
data_dir = "/opt/nomad/data"

client {
  enabled = true
  servers = ["10.1.0.1:4647"]
  node_class = "worker"
  meta {
    rack = "r1"
  }
  host_volume "certs" {
    path = "/etc/ssl/certs"
    read_only = true
  }
}

acl {
  enabled = true
  token_ttl = "1m"
  policy_ttl = "45s"
}

plugin "docker" {
  config {
    allow_privileged = false
  }
}

consul {
  address = "127.0.0.1:8500"
}
`;

describe('the tutorial snippets', () => {
  it('acl { enabled = true } turns ACLs on and keeps every other default', () => {
    const config = parseAgentConfig('acl {\n  enabled = true\n}\n');
    expect(config).toEqual({
      ...DEFAULT_AGENT_CONFIG,
      acl: { ...DEFAULT_AGENT_CONFIG.acl, enabled: true },
    });
  });

  it('authoritative_region goes in the server stanza, replication_token in the acl stanza', () => {
    const config = parseAgentConfig(
      'server {\n  authoritative_region = "global"\n}\nacl {\n  enabled = true\n  replication_token = "9e2bb5ed-b3af-6bf3-5bbc-16dc684c5c31"\n}\n',
    );
    expect(config.server.authoritativeRegion).toBe('global');
    expect(config.acl.replicationToken).toBe('9e2bb5ed-b3af-6bf3-5bbc-16dc684c5c31');
  });

  it('the snippet exactly as the tutorial page shows it (closing brace lost) is a syntax error', () => {
    expect(parseError('acl {\n  enabled = true\n')).toBe(
      'Error loading configuration from server.hcl: At 3:1: unexpected end of input: the "{" at 1:5 is not closed',
    );
  });

  it('the reset file lives under <data_dir>/server, as in `echo 7 >> /nomad-data-dir/server/acl-bootstrap-reset`', () => {
    const config = parseAgentConfig(NON_AUTHORITATIVE_SERVER);
    expect(serverDataDir(config)).toBe('/nomad-data-dir/server');
    expect(bootstrapResetFilePath(config)).toBe('/nomad-data-dir/server/acl-bootstrap-reset');
  });
});

describe('typical multi-region files', () => {
  it('an authoritative server, ignoring the keys the simulator does not model', () => {
    expect(
      parseAgentConfig(AUTHORITATIVE_SERVER, { file: 'west.hcl', defaults: { name: 'west-1a' } }),
    ).toEqual({
      region: 'west',
      datacenter: 'west-1',
      name: 'west-1a',
      dataDir: '/opt/nomad/data',
      logLevel: 'DEBUG',
      server: {
        enabled: true,
        bootstrapExpect: 3,
        authoritativeRegion: 'west',
        dataDir: '',
        raftMultiplier: null,
      },
      client: { enabled: false },
      acl: { ...DEFAULT_AGENT_CONFIG.acl, enabled: true },
    });
  });

  it('a server of a non-authoritative region, with its replication token', () => {
    const config = parseAgentConfig(NON_AUTHORITATIVE_SERVER);
    expect(config.name).toBe('east-server-1');
    expect(config.server).toEqual({
      enabled: true,
      bootstrapExpect: 3,
      authoritativeRegion: 'west',
      dataDir: '',
      raftMultiplier: 2,
    });
    expect(config.acl.replicationToken).toBe('9e2bb5ed-b3af-6bf3-5bbc-16dc684c5c31');
    expect(effectiveAuthoritativeRegion(config)).toBe('west');
    expect(isAuthoritativeRegion(config)).toBe(false);
    expect(effectiveRaftMultiplier(config)).toBe(2);
  });

  it('a client with ACL cache TTLs and ignored blocks (labelled ones included)', () => {
    const config = parseAgentConfig(CLIENT);
    expect(config.client.enabled).toBe(true);
    expect(config.server.enabled).toBe(false);
    expect(config.acl).toEqual({
      ...DEFAULT_AGENT_CONFIG.acl,
      enabled: true,
      tokenTtlMs: 60_000,
      policyTtlMs: 45_000,
    });
  });

  it('a server that forgets authoritative_region treats its own region as authoritative (§1.2)', () => {
    const config = parseAgentConfig('region = "east"\nserver {\n  enabled = true\n}\n');
    expect(effectiveAuthoritativeRegion(config)).toBe('east');
    expect(isAuthoritativeRegion(config)).toBe(true);
    expect(effectiveAuthoritativeRegion(DEFAULT_AGENT_CONFIG)).toBe('global');
  });
});

describe('defaults and derived values', () => {
  it('the empty file gives Nomad defaults (§1.1)', () => {
    expect(parseAgentConfig('')).toEqual(DEFAULT_AGENT_CONFIG);
    expect(DEFAULT_AGENT_CONFIG).toEqual({
      region: 'global',
      datacenter: 'dc1',
      name: '',
      dataDir: '',
      logLevel: 'INFO',
      server: {
        enabled: false,
        bootstrapExpect: 0,
        authoritativeRegion: '',
        dataDir: '',
        raftMultiplier: null,
      },
      client: { enabled: false },
      acl: {
        enabled: false,
        replicationToken: '',
        tokenTtlMs: 30_000,
        policyTtlMs: 30_000,
        roleTtlMs: 30_000,
        tokenMinExpirationTtlMs: 60_000,
        tokenMaxExpirationTtlMs: 86_400_000,
      },
    });
    expect(Object.isFrozen(DEFAULT_AGENT_CONFIG.acl)).toBe(true);
  });

  it('caller defaults fill what the file leaves out; the file wins where it writes a value', () => {
    const config = parseAgentConfig('region = "east"\n', {
      defaults: { name: 'east-1', region: 'west', dataDir: '/d' },
    });
    expect([config.region, config.name, config.dataDir]).toEqual(['east', 'east-1', '/d']);
  });

  it('a default acl.enabled = true cannot be switched off by the file (merge rule)', () => {
    expect(
      parseAgentConfig('acl {\n  enabled = false\n}\n', { defaults: { acl: { enabled: true } } })
        .acl.enabled,
    ).toBe(true);
  });

  it('invalid defaults are a programming error', () => {
    expect(() => parseAgentConfig('', { defaults: { region: '' } })).toThrow(
      new RangeError('invalid agent config defaults: region cannot be empty'),
    );
  });

  it('server.data_dir replaces <data_dir>/server', () => {
    const config = parseAgentConfig('data_dir = "/a"\nserver {\n  data_dir = "/srv/raft"\n}\n');
    expect(serverDataDir(config)).toBe('/srv/raft');
    expect(bootstrapResetFilePath(config)).toBe('/srv/raft/acl-bootstrap-reset');
  });

  it('paths are joined like Go filepath.Join', () => {
    expect(joinPath('/opt/nomad/', 'server')).toBe('/opt/nomad/server');
    expect(joinPath('', 'server')).toBe('server');
    expect(joinPath('data/./x/../y', 'server')).toBe('data/y/server');
    expect(joinPath('/../a//b', 'c')).toBe('/a/b/c');
    expect(joinPath('', '')).toBe('');
    expect(serverDataDir(DEFAULT_AGENT_CONFIG)).toBe('server');
  });

  it('raft_multiplier 0 means the default 1, as in Nomad', () => {
    const config = parseAgentConfig('server {\n  raft_multiplier = 0\n}\n');
    expect(config.server.raftMultiplier).toBe(0);
    expect(effectiveRaftMultiplier(config)).toBe(1);
    expect(effectiveRaftMultiplier(DEFAULT_AGENT_CONFIG)).toBe(1);
  });
});

describe('decoder rules', () => {
  it('keys match case-insensitively and a repeated attribute keeps its last value', () => {
    const config = parseAgentConfig(
      'Region = "a"\nREGION = "b"\nACL {\n  Enabled = true\n  TOKEN_TTL = "5s"\n}\n',
    );
    expect(config.region).toBe('b');
    expect(config.acl.enabled).toBe(true);
    expect(config.acl.tokenTtlMs).toBe(5000);
  });

  it('numbers are accepted as strings and decimal strings as integers (HCL v1)', () => {
    const config = parseAgentConfig(
      'region = 12\nserver {\n  bootstrap_expect = "3"\n  raft_multiplier = 0x5\n}\n',
    );
    expect(config.region).toBe('12');
    expect(config.server.bootstrapExpect).toBe(3);
    expect(config.server.raftMultiplier).toBe(5);
  });

  it('Go duration syntax', () => {
    const config = parseAgentConfig(
      'acl {\n  token_ttl = "1h30m"\n  policy_ttl = "500ms"\n  role_ttl = "1.5s"\n  token_min_expiration_ttl = "0"\n  token_max_expiration_ttl = "48h"\n}\n',
    );
    expect(config.acl).toMatchObject({
      tokenTtlMs: 5_400_000,
      policyTtlMs: 500,
      roleTtlMs: 1500,
      // 0 is "not set" in Nomad's merge: the default stays
      tokenMinExpirationTtlMs: 60_000,
      tokenMaxExpirationTtlMs: 172_800_000,
    });
  });

  it('heredoc strings are strings', () => {
    expect(parseAgentConfig('name = <<EOF\nnode-a\nEOF\n').name).toBe('node-a\n');
  });

  it('repeated blocks in one file merge with the merge rules', () => {
    const text =
      'acl {\n  enabled = true\n  token_ttl = "10s"\n}\nacl {\n  enabled = false\n  replication_token = "t"\n}\nacl {\n  token_ttl = "0s"\n}\n';
    expect(parseAgentConfig(text).acl).toEqual({
      ...DEFAULT_AGENT_CONFIG.acl,
      enabled: true,
      tokenTtlMs: 10_000,
      replicationToken: 't',
    });
    const servers =
      'server {\n  bootstrap_expect = 3\n  authoritative_region = "a"\n}\nserver {\n  bootstrap_expect = 0\n  authoritative_region = ""\n  enabled = true\n}\n';
    expect(parseAgentConfig(servers).server).toMatchObject({
      enabled: true,
      bootstrapExpect: 3,
      authoritativeRegion: 'a',
    });
  });

  it('a fragment holds what was written, nothing defaulted', () => {
    expect(parseAgentConfigFragment('acl {\n  enabled = false\n}\nregion = "x"\n')).toEqual({
      region: 'x',
      acl: { enabled: false },
    });
    expect(parseAgentConfigFragment('')).toEqual({});
  });
});

describe('errors, with file, key and position', () => {
  const cases: Array<[string, string, string, string | null]> = [
    [
      'a string where a bool is expected',
      'region = "x"\nacl {\n  enabled = "yes"\n}\n',
      'At 3:13: acl.enabled: expected a bool, got string "yes"',
      'acl.enabled',
    ],
    [
      'a number where a bool is expected',
      'server {\n  enabled = 1\n}',
      'At 2:13: server.enabled: expected a bool, got number 1',
      'server.enabled',
    ],
    [
      'a block where a string is expected',
      'region {\n}',
      'At 1:8: region: expected a string, got a block',
      'region',
    ],
    [
      'a labelled attribute',
      'datacenter "x" {}',
      'At 1:12: datacenter: expected a string, got a block',
      'datacenter',
    ],
    [
      'a bool where a string is expected',
      'acl {\n  replication_token = true\n}',
      'At 2:23: acl.replication_token: expected a string, got bool true',
      'acl.replication_token',
    ],
    [
      'a list where a string is expected',
      'data_dir = ["/a"]',
      'At 1:12: data_dir: expected a string, got a list',
      'data_dir',
    ],
    [
      'a value where a block is expected',
      'acl = true',
      'At 1:7: acl: expected a block, got bool true',
      'acl',
    ],
    [
      'a list where a block is expected',
      'server = ["x"]',
      'At 1:10: server: expected a block, got a list',
      'server',
    ],
    [
      'a fraction where an integer is expected',
      'server {\n  bootstrap_expect = 1.5\n}',
      'At 2:22: server.bootstrap_expect: expected an integer, got number 1.5',
      'server.bootstrap_expect',
    ],
    [
      'a non-numeric string where an integer is expected',
      'server {\n  raft_multiplier = "two"\n}',
      'At 2:21: server.raft_multiplier: expected an integer, got string "two"',
      'server.raft_multiplier',
    ],
    [
      'an integer too large to be exact',
      'server {\n  bootstrap_expect = 99999999999999999999\n}',
      'At 2:22: server.bootstrap_expect: expected an integer, got number 99999999999999999999',
      'server.bootstrap_expect',
    ],
    [
      'a duration without unit',
      'acl {\n  token_ttl = 30\n}',
      'At 2:15: acl.token_ttl: time: missing unit in duration "30"',
      'acl.token_ttl',
    ],
    [
      'an unknown duration unit',
      'acl {\n  policy_ttl = "1d"\n}',
      'At 2:16: acl.policy_ttl: time: unknown unit "d" in duration "1d"',
      'acl.policy_ttl',
    ],
    [
      'an invalid duration',
      'acl {\n  role_ttl = "soon"\n}',
      'At 2:14: acl.role_ttl: time: invalid duration "soon"',
      'acl.role_ttl',
    ],
    [
      'a block where a duration is expected',
      'acl {\n  token_max_expiration_ttl {}\n}',
      'At 2:28: acl.token_max_expiration_ttl: expected a duration string, got a block',
      'acl.token_max_expiration_ttl',
    ],
    [
      'a negative duration',
      'acl {\n  token_min_expiration_ttl = "-90s"\n}',
      'At 2:30: acl.token_min_expiration_ttl cannot be -1m30s. Must be 0 or more',
      'acl.token_min_expiration_ttl',
    ],
    [
      'a negative bootstrap_expect',
      'server {\n  bootstrap_expect = -1\n}',
      'At 2:22: bootstrap_expect cannot be -1. Must be 0 or more',
      'server.bootstrap_expect',
    ],
    [
      'raft_multiplier above 10',
      'server {\n  raft_multiplier = 11\n}',
      'At 2:21: raft_multiplier cannot be 11. Must be between 1 and 10',
      'server.raft_multiplier',
    ],
    [
      'raft_multiplier below 0',
      'server {\n  raft_multiplier = -2\n}',
      'At 2:21: raft_multiplier cannot be -2. Must be between 1 and 10',
      'server.raft_multiplier',
    ],
    ['an empty region', 'region = ""', 'At 1:10: region cannot be empty', 'region'],
    [
      'an empty datacenter',
      '\n\n  datacenter = ""',
      'At 3:16: datacenter cannot be empty',
      'datacenter',
    ],
    [
      'an unknown log level',
      'log_level = "verbose"',
      'At 1:13: Invalid log level: VERBOSE. Valid log levels are: [TRACE DEBUG INFO WARN ERROR]',
      'log_level',
    ],
    [
      'unknown top-level keys',
      'regoin = "x"\nacl {}\nfoo = 1\nregoin = "y"',
      'At 1:1: unexpected keys regoin, foo',
      'regoin',
    ],
    [
      'unknown acl keys',
      'acl {\n  enabled = true\n  enable = true\n  token = "x"\n}',
      'At 3:3: acl unexpected keys enable, token',
      'acl.enable',
    ],
    [
      'unknown server keys across repeated blocks',
      'server {\n  bootstrap = 3\n}\nserver {\n  authoritive_region = "a"\n}',
      'At 2:3: server unexpected keys bootstrap, authoritive_region',
      'server.bootstrap',
    ],
    [
      'unknown client keys',
      'client {\n  enabled = true\n  acl = {}\n}',
      'At 3:3: client unexpected keys acl',
      'client.acl',
    ],
    [
      'a labelled acl block (the label becomes a nested key)',
      'acl "main" {\n  enabled = true\n}',
      'At 1:5: acl unexpected keys main',
      'acl.main',
    ],
    [
      'keys valid elsewhere are unknown at the top level',
      'retry_join = ["a"]',
      'At 1:1: unexpected keys retry_join',
      'retry_join',
    ],
    [
      'a syntax error',
      'acl {\n  enabled = \n}',
      'At 3:1: expected a value (string, number, bool, list or block), got "}"',
      null,
    ],
    [
      'a JSON syntax error',
      '{"acl": {"enabled": true,}}',
      'At 1:26: expected a quoted object key, got "}"',
      null,
    ],
  ];

  it.each(cases)('%s', (_what, text, detail, key) => {
    const error = failure(() => parseAgentConfig(text, { file: 'server.hcl' }));
    expect(error.message).toBe(`Error loading configuration from server.hcl: ${detail}`);
    expect(error.key).toBe(key);
    expect(error.file).toBe('server.hcl');
    const at = /^At (\d+):(\d+): (.*)$/.exec(detail);
    expect([error.line, error.column, error.reason]).toEqual([
      Number(at?.[1]),
      Number(at?.[2]),
      at?.[3],
    ]);
  });

  it('without a file name the prefix is shorter', () => {
    expect(failure(() => parseAgentConfig('x = 1')).message).toBe(
      'Error loading configuration: At 1:1: unexpected keys x',
    );
  });

  it('type errors come before unknown keys, and unknown client keys before server, acl and top-level ones', () => {
    expect(parseError('foo = 1\nacl {\n  enabled = "yes"\n}')).toBe(
      'Error loading configuration from server.hcl: At 3:13: acl.enabled: expected a bool, got string "yes"',
    );
    expect(
      parseError('foo = 1\nacl {\n  bar = 1\n}\nserver {\n  baz = 1\n}\nclient {\n  qux = 1\n}'),
    ).toBe('Error loading configuration from server.hcl: At 9:3: client unexpected keys qux');
  });

  it('JSON errors carry JSON positions', () => {
    expect(parseError('{\n  "acl": {\n    "enabled": "yes"\n  }\n}', 'server.json')).toBe(
      'Error loading configuration from server.json: At 3:16: acl.enabled: expected a bool, got string "yes"',
    );
    expect(parseError('{"region": null}', 'a.json')).toBe(
      'Error loading configuration from a.json: At 1:12: region: expected a string, got null',
    );
    expect(parseError('{"acl": {"enabled": true, "secret": 1}}', 'a.json')).toBe(
      'Error loading configuration from a.json: At 1:27: acl unexpected keys secret',
    );
  });

  it('loadAgentConfigs names the file that failed', () => {
    const error = failure(() =>
      loadAgentConfigs([
        { file: 'base.hcl', text: 'region = "east"' },
        { file: 'acl.hcl', text: 'acl {\n  enabled = yes\n}' },
      ]),
    );
    expect(error.message).toBe(
      'Error loading configuration from acl.hcl: At 2:13: expected a value (string, number, bool, list or block), got identifier "yes"',
    );
  });
});

describe('JSON equals HCL', () => {
  it.each([
    [
      AUTHORITATIVE_SERVER.replace(/^#.*\n/, ''),
      {
        region: 'west',
        datacenter: 'west-1',
        data_dir: '/opt/nomad/data',
        bind_addr: '0.0.0.0',
        log_level: 'DEBUG',
        advertise: { http: '10.0.0.1', rpc: '10.0.0.1', serf: '10.0.0.1' },
        server: {
          enabled: true,
          bootstrap_expect: 3,
          authoritative_region: 'west',
          server_join: { retry_join: ['10.0.0.2', '10.0.0.3'] },
        },
        acl: { enabled: true },
        telemetry: { publish_allocation_metrics: true },
      },
    ],
    [
      NON_AUTHORITATIVE_SERVER,
      {
        region: 'east',
        datacenter: 'east-1',
        data_dir: '/nomad-data-dir',
        name: 'east-server-1',
        server: [
          { enabled: true, bootstrap_expect: 3 },
          { authoritative_region: 'west', raft_multiplier: 2 },
        ],
        acl: [{ enabled: true, replication_token: '9e2bb5ed-b3af-6bf3-5bbc-16dc684c5c31' }],
      },
    ],
    [
      CLIENT,
      {
        region: 'east',
        datacenter: 'east-1',
        data_dir: '/opt/nomad/data',
        client: {
          enabled: true,
          servers: ['10.1.0.1:4647'],
          node_class: 'worker',
          meta: { rack: 'r1' },
          host_volume: { certs: { path: '/etc/ssl/certs', read_only: true } },
        },
        acl: { enabled: true, token_ttl: '1m', policy_ttl: '45s' },
        plugin: { docker: { config: { allow_privileged: false } } },
        consul: { address: '127.0.0.1:8500' },
      },
    ],
  ])('same config from both syntaxes (%#)', (hcl, json) => {
    expect(parseAgentConfig(JSON.stringify(json, null, 2))).toEqual(parseAgentConfig(hcl));
  });

  it('a JSON block made only of blocks (HCL v1 flattening) still decodes', () => {
    expect(parseAgentConfig('{"server": {"server_join": {"retry_join": ["a"]}}}')).toEqual(
      DEFAULT_AGENT_CONFIG,
    );
  });
});

describe('merging several files (Nomad Config.Merge)', () => {
  const base = parseAgentConfig(NON_AUTHORITATIVE_SERVER);

  it('acl.enabled can only be switched on by a later file', () => {
    const off = parseAgentConfig('region = "east"');
    expect(
      mergeAgentConfigs(off, parseAgentConfigFragment('acl {\n  enabled = true\n}')).acl.enabled,
    ).toBe(true);
    expect(
      mergeAgentConfigs(base, parseAgentConfigFragment('acl {\n  enabled = false\n}')).acl.enabled,
    ).toBe(true);
    expect(
      mergeAgentConfigs(
        base,
        parseAgentConfigFragment('server {\n  enabled = false\n}\nclient {\n  enabled = false\n}'),
      ).server.enabled,
    ).toBe(true);
  });

  it('non-empty values override, empty and zero values do not', () => {
    const merged = mergeAgentConfigs(
      base,
      parseAgentConfigFragment(
        'name = ""\ndatacenter = "east-2"\nserver {\n  bootstrap_expect = 0\n  authoritative_region = ""\n}\nacl {\n  replication_token = ""\n  token_ttl = "0s"\n  policy_ttl = "1s"\n}',
      ),
    );
    expect(merged).toEqual({
      ...base,
      datacenter: 'east-2',
      acl: { ...base.acl, policyTtlMs: 1000 },
    });
  });

  it('raft_multiplier overrides whenever written, even 0', () => {
    expect(
      mergeAgentConfigs(base, parseAgentConfigFragment('server {\n  raft_multiplier = 0\n}')).server
        .raftMultiplier,
    ).toBe(0);
    expect(mergeAgentConfigs(base, {}).server.raftMultiplier).toBe(2);
  });

  it('a full config as the override counts all its non-empty values as written', () => {
    const merged = mergeAgentConfigs(base, DEFAULT_AGENT_CONFIG);
    expect(merged.region).toBe('global');
    expect(merged.acl.enabled).toBe(true);
    expect(merged.acl.replicationToken).toBe(base.acl.replicationToken);
  });

  it('loadAgentConfigs applies the files in order', () => {
    const config = loadAgentConfigs(
      [
        {
          file: 'base.hcl',
          text: 'region = "east"\ndata_dir = "/d"\nserver {\n  enabled = true\n}',
        },
        { file: 'acl.json', text: '{"acl": {"enabled": true, "replication_token": "r1"}}' },
        { file: 'override.hcl', text: 'acl {\n  enabled = false\n  replication_token = "r2"\n}' },
      ],
      { defaults: { name: 'n1' } },
    );
    expect(config).toEqual({
      ...DEFAULT_AGENT_CONFIG,
      region: 'east',
      dataDir: '/d',
      name: 'n1',
      server: { ...DEFAULT_AGENT_CONFIG.server, enabled: true },
      acl: { ...DEFAULT_AGENT_CONFIG.acl, enabled: true, replicationToken: 'r2' },
    });
    expect(loadAgentConfigs([])).toEqual(DEFAULT_AGENT_CONFIG);
  });

  it('fragments merge keeping what was written', () => {
    expect(mergeAgentConfigFragments({ acl: { enabled: false } }, { region: 'x' })).toEqual({
      region: 'x',
      acl: { enabled: false },
    });
    expect(mergeAgentConfigFragments({ region: '' }, {})).toEqual({ region: '' });
    expect(
      mergeAgentConfigFragments(
        { acl: { enabled: true } },
        { acl: { enabled: false, tokenTtlMs: 0 } },
      ),
    ).toEqual({
      acl: { enabled: true, tokenTtlMs: 0 },
    });
  });
});

describe('printing', () => {
  it('canonical text: fixed key order, aligned values, Go durations, defaults left out', () => {
    const config = parseAgentConfig(
      NON_AUTHORITATIVE_SERVER.replace(
        'enabled = true\n  replication',
        'token_max_expiration_ttl = "36h"\n  enabled = true\n  replication',
      ),
    );
    expect(printAgentConfig(config)).toBe(`region     = "east"
datacenter = "east-1"
name       = "east-server-1"
data_dir   = "/nomad-data-dir"

server {
  enabled              = true
  bootstrap_expect     = 3
  authoritative_region = "west"
  raft_multiplier      = 2
}

acl {
  enabled                  = true
  replication_token        = "9e2bb5ed-b3af-6bf3-5bbc-16dc684c5c31"
  token_max_expiration_ttl = "36h0m0s"
}
`);
  });

  it('the default config prints as the empty text; includeDefaults writes every key', () => {
    expect(printAgentConfig(DEFAULT_AGENT_CONFIG)).toBe('');
    const full = printAgentConfig(DEFAULT_AGENT_CONFIG, { includeDefaults: true });
    expect(full).toBe(`region     = "global"
datacenter = "dc1"
name       = ""
data_dir   = ""
log_level  = "INFO"

server {
  enabled              = false
  bootstrap_expect     = 0
  authoritative_region = ""
  data_dir             = ""
}

client {
  enabled = false
}

acl {
  enabled                  = false
  replication_token        = ""
  token_ttl                = "30s"
  policy_ttl               = "30s"
  role_ttl                 = "30s"
  token_min_expiration_ttl = "1m0s"
  token_max_expiration_ttl = "24h0m0s"
}
`);
    expect(parseAgentConfig(full)).toEqual(DEFAULT_AGENT_CONFIG);
  });

  it('strings with quotes, backslashes and control characters round-trip', () => {
    const config: AgentConfig = {
      ...DEFAULT_AGENT_CONFIG,
      name: 'a "b" \\ c\n\t\u0001',
      dataDir: '${not interpolated}',
    };
    expect(parseAgentConfig(printAgentConfig(config))).toEqual(config);
  });
});

describe('text edits', () => {
  const server = `# east server
region = "east"

server {
  enabled = true # voting
}

acl {
  # turned on during the rollout
  enabled = false
}
`;

  it('withAclEnabled rewrites only the value, keeping comments and layout', () => {
    expect(withAclEnabled(server, true)).toBe(server.replace('enabled = false', 'enabled = true'));
    expect(withAclEnabled(withAclEnabled(server, true), false)).toBe(server);
  });

  it('an attribute already at the wanted value leaves the text untouched', () => {
    expect(withAclEnabled(server, false)).toBe(server);
    expect(withAuthoritativeRegion(server, '')).toBe(server);
  });

  it('a missing attribute is appended to the last matching block, with its indentation', () => {
    expect(withReplicationToken(server, 'secret')).toBe(
      server.replace('  enabled = false\n', '  enabled = false\n  replication_token = "secret"\n'),
    );
    expect(withAuthoritativeRegion(server, 'west')).toBe(
      server.replace('# voting\n', '# voting\n  authoritative_region = "west"\n'),
    );
  });

  it('a missing block is appended at the end of the file', () => {
    expect(withAclEnabled('region = "east"', true)).toBe(
      'region = "east"\n\nacl {\n  enabled = true\n}\n',
    );
    expect(withAclEnabled('', true)).toBe('acl {\n  enabled = true\n}\n');
    expect(
      withAuthoritativeRegion('server "server_join" {\n  retry_join = ["a"]\n}\n', 'west'),
    ).toBe(
      'server "server_join" {\n  retry_join = ["a"]\n}\n\nserver {\n  authoritative_region = "west"\n}\n',
    );
  });

  it('single-line and empty blocks', () => {
    expect(withAclEnabled('acl {}', true)).toBe('acl {\n  enabled = true\n}');
    expect(withAclEnabled('acl { token_ttl = "1s" }', true)).toBe(
      'acl { token_ttl = "1s", enabled = true }',
    );
    expect(withAclEnabled('acl { token_ttl = "1s", }', true)).toBe(
      'acl { token_ttl = "1s", enabled = true }',
    );
    expect(withAclEnabled('  acl {\n    # nothing yet\n  }\n', true)).toBe(
      '  acl {\n    # nothing yet\n    enabled = true\n  }\n',
    );
  });

  it('every occurrence is edited, so no repeated block keeps ACLs on', () => {
    const text = 'acl {\n  enabled = true\n}\nacl {\n  enabled = true\n  enabled = false\n}\n';
    const off = withAclEnabled(text, false);
    expect(off).toBe(
      'acl {\n  enabled = false\n}\nacl {\n  enabled = false\n  enabled = false\n}\n',
    );
    expect(parseAgentConfig(off).acl.enabled).toBe(false);
  });

  it('clearing a string removes its line, or empties it when it shares the line', () => {
    const text =
      'server {\n  enabled = true\n  authoritative_region = "west" # auth\n}\nserver { authoritative_region = "west" }\n';
    expect(withAuthoritativeRegion(text, '')).toBe(
      'server {\n  enabled = true\n}\nserver { authoritative_region = "" }\n',
    );
  });

  it('string values of any form are replaced whole: escapes, heredocs, numbers', () => {
    expect(withReplicationToken('acl {\n  replication_token = "a\\"b}"\n}\n', 'new')).toBe(
      'acl {\n  replication_token = "new"\n}\n',
    );
    expect(withReplicationToken('acl {\n  replication_token = <<EOT\nold\nEOT\n}\n', 'new')).toBe(
      'acl {\n  replication_token = "new"\n}\n',
    );
    expect(withAuthoritativeRegion('server {\n  authoritative_region = 42\n}\n', 'x"y')).toBe(
      'server {\n  authoritative_region = "x\\"y"\n}\n',
    );
  });

  it('CRLF files stay CRLF', () => {
    expect(withAclEnabled('region = "east"\r\n', true)).toBe(
      'region = "east"\r\n\r\nacl {\r\n  enabled = true\r\n}\r\n',
    );
  });

  it('JSON files are edited as JSON', () => {
    expect(
      withAclEnabled('{"region": "east", "acl": [{"enabled": false}, {"token_ttl": "5s"}]}', true),
    ).toBe(
      '{\n  "region": "east",\n  "acl": [\n    {\n      "enabled": true\n    },\n    {\n      "token_ttl": "5s"\n    }\n  ]\n}\n',
    );
    expect(withReplicationToken('{"region": "east"}', 'tok')).toBe(
      '{\n  "region": "east",\n  "acl": {\n    "replication_token": "tok"\n  }\n}\n',
    );
    expect(
      withAuthoritativeRegion('{"server": {"authoritative_region": "w", "enabled": true}}', ''),
    ).toBe('{\n  "server": {\n    "enabled": true\n  }\n}\n');
  });

  it('a JSON file JSON.parse would misread (duplicate keys) falls back to canonical HCL', () => {
    const text = '{"acl": {"enabled": true}, "acl": {"token_ttl": "5s"}, "region": "east"}';
    const edited = withReplicationToken(text, 'tok');
    expect(edited).toBe(
      'region = "east"\n\nacl {\n  enabled           = true\n  replication_token = "tok"\n  token_ttl         = "5s"\n}\n',
    );
  });

  it('invalid text is reported, not edited', () => {
    expect(failure(() => withAclEnabled('acl {', true, { file: 'a.hcl' })).message).toBe(
      'Error loading configuration from a.hcl: At 1:6: unexpected end of input: the "{" at 1:5 is not closed',
    );
  });
});

describe('reload policy (§1.3)', () => {
  const before = parseAgentConfig(NON_AUTHORITATIVE_SERVER);

  it('ACL settings need a restart; log_level reloads', () => {
    const after = parseAgentConfig(
      withReplicationToken(
        withAuthoritativeRegion(withAclEnabled(NON_AUTHORITATIVE_SERVER, true), 'central'),
        'new',
      ).replace('region = "east"', 'region = "east"\nlog_level = "debug"'),
    );
    expect(diffReloadable(before, after)).toEqual({
      reloadable: ['log_level'],
      needsRestart: ['server.authoritative_region', 'acl.replication_token'],
    });
    expect(
      diffReloadable(DEFAULT_AGENT_CONFIG, parseAgentConfig('acl {\n  enabled = true\n}')),
    ).toEqual({
      reloadable: [],
      needsRestart: ['acl.enabled'],
    });
  });

  it('no change, no diff', () => {
    expect(diffReloadable(before, parseAgentConfig(printAgentConfig(before)))).toEqual({
      reloadable: [],
      needsRestart: [],
    });
    expect(agentConfigsEqual(before, { ...before, server: { ...before.server } })).toBe(true);
    expect(agentConfigsEqual(before, { ...before, name: 'other' })).toBe(false);
  });
});

describe('checkAgentConfig (configs built in code)', () => {
  it('lists every broken rule in key order', () => {
    const config: AgentConfig = {
      ...DEFAULT_AGENT_CONFIG,
      datacenter: '',
      logLevel: 'x',
      server: { ...DEFAULT_AGENT_CONFIG.server, bootstrapExpect: -2, raftMultiplier: 12 },
      acl: { ...DEFAULT_AGENT_CONFIG.acl, roleTtlMs: -1000 },
    };
    expect(checkAgentConfig(config)).toEqual([
      { key: 'datacenter', reason: 'datacenter cannot be empty' },
      {
        key: 'log_level',
        reason: 'Invalid log level: X. Valid log levels are: [TRACE DEBUG INFO WARN ERROR]',
      },
      {
        key: 'server.bootstrap_expect',
        reason: 'bootstrap_expect cannot be -2. Must be 0 or more',
      },
      {
        key: 'server.raft_multiplier',
        reason: 'raft_multiplier cannot be 12. Must be between 1 and 10',
      },
      { key: 'acl.role_ttl', reason: 'acl.role_ttl cannot be -1s. Must be 0 or more' },
    ]);
    expect(checkAgentConfig(DEFAULT_AGENT_CONFIG)).toEqual([]);
  });
});
