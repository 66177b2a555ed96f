/**
 * Property tests for agent configuration files: print/parse round trip over random configs,
 * JSON = HCL, multi-file and repeated-block merging against a per-key reference model, the text
 * edits on random files (the edited text means exactly the intended change and keeps the rest),
 * and fuzzing: random or mutated text never throws anything but AgentConfigError.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatGoDuration } from '../src/go/duration.js';
import { quoteHclString } from '../src/hcl/index.js';
import {
  AGENT_CONFIG_KEYS,
  AGENT_LOG_LEVELS,
  AgentConfigError,
  type AgentConfig,
  type AgentConfigKey,
  DEFAULT_AGENT_CONFIG,
  checkAgentConfig,
  loadAgentConfigs,
  parseAgentConfig,
  printAgentConfig,
  withAclEnabled,
  withAuthoritativeRegion,
  withReplicationToken,
} from '../src/agent-config/index.js';

const anyString = fc.string({ unit: 'binary', maxLength: 12 });
const nonEmptyString = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 });
const logLevel = fc
  .constantFrom(...AGENT_LOG_LEVELS)
  .chain((level) =>
    fc.constantFrom(level, level.toLowerCase(), level[0] + level.slice(1).toLowerCase()),
  );
// Up to 2^53 ns (~104 days): beyond that parseGoDuration (float ns) is no longer exact.
const durationMs = fc.integer({ min: 1, max: 9_000_000_000 });

/** A valid config whose values Nomad's merge rules can express (no 0 durations, no empty log_level). */
const configArb: fc.Arbitrary<AgentConfig> = fc.record({
  region: nonEmptyString,
  datacenter: nonEmptyString,
  name: anyString,
  dataDir: anyString,
  logLevel,
  server: fc.record({
    enabled: fc.boolean(),
    bootstrapExpect: fc.nat({ max: 1000 }),
    authoritativeRegion: anyString,
    dataDir: anyString,
    raftMultiplier: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  }),
  client: fc.record({ enabled: fc.boolean() }),
  acl: fc.record({
    enabled: fc.boolean(),
    replicationToken: anyString,
    tokenTtlMs: durationMs,
    policyTtlMs: durationMs,
    roleTtlMs: durationMs,
    tokenMinExpirationTtlMs: durationMs,
    tokenMaxExpirationTtlMs: durationMs,
  }),
});

type Scalar = string | number | boolean;

/** The value as written in a file (durations as Go duration text). */
function written(key: AgentConfigKey, value: Scalar): Scalar {
  return key.kind === 'duration' ? formatGoDuration(value as number) : value;
}

function hclLiteral(value: Scalar): string {
  return typeof value === 'string' ? quoteHclString(value) : String(value);
}

/** The config as a Nomad JSON configuration document. */
function toJson(config: AgentConfig): string {
  const doc: Record<string, Record<string, Scalar> | Scalar> = {};
  for (const key of AGENT_CONFIG_KEYS) {
    const value = key.get(config);
    if (value === null) continue;
    if (key.block === '') doc[key.name] = written(key, value);
    else ((doc[key.block] ??= {}) as Record<string, Scalar>)[key.name] = written(key, value);
  }
  return JSON.stringify(doc);
}

describe('print / parse', () => {
  it('parsing the printed text gives the same config (defaults left out or written)', () => {
    fc.assert(
      fc.property(configArb, fc.boolean(), (config, includeDefaults) => {
        expect(checkAgentConfig(config)).toEqual([]);
        expect(parseAgentConfig(printAgentConfig(config, { includeDefaults }))).toEqual(config);
      }),
      { numRuns: 300 },
    );
  });

  it('printing is canonical: print(parse(print(c))) = print(c)', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const text = printAgentConfig(config);
        expect(printAgentConfig(parseAgentConfig(text))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('the JSON form of a config parses to the same config as the HCL form', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        expect(parseAgentConfig(toJson(config))).toEqual(
          parseAgentConfig(printAgentConfig(config)),
        );
      }),
      { numRuns: 200 },
    );
  });
});

// ---- merging: files and repeated blocks against a per-key model ------------------------------

/** One `key = value` a file writes, values including the empty ones the merge rules skip. */
interface Write {
  readonly key: AgentConfigKey;
  readonly value: Scalar;
}

function valueArb(key: AgentConfigKey): fc.Arbitrary<Scalar> {
  switch (key.path) {
    case 'region':
    case 'datacenter':
      return nonEmptyString;
    case 'log_level':
      return fc.oneof(logLevel, fc.constant(''));
    case 'server.raft_multiplier':
      return fc.integer({ min: 0, max: 10 });
    default:
      break;
  }
  switch (key.kind) {
    case 'bool':
      return fc.boolean();
    case 'int':
      return fc.nat({ max: 9 });
    case 'duration':
      return fc.oneof(fc.constant(0), durationMs);
    default:
      return fc.oneof(fc.constant(''), anyString);
  }
}

const writeArb: fc.Arbitrary<Write> = fc
  .constantFrom(...AGENT_CONFIG_KEYS)
  .chain((key) => valueArb(key).map((value) => ({ key, value })));

/** A file: writes in order, each in its own block instance or sharing the previous one. */
const fileArb = fc.array(fc.tuple(writeArb, fc.boolean()), { maxLength: 8 });

function renderFile(writes: ReadonlyArray<readonly [Write, boolean]>): string {
  const lines: string[] = [];
  let openBlock: string | null = null;
  for (const [{ key, value }, newBlock] of writes) {
    if (openBlock !== null && (key.block !== openBlock || newBlock)) {
      lines.push('}');
      openBlock = null;
    }
    if (key.block !== '' && openBlock === null) {
      lines.push(`${key.block} {`);
      openBlock = key.block;
    }
    lines.push(`${key.block === '' ? '' : '  '}${key.name} = ${hclLiteral(written(key, value))}`);
  }
  if (openBlock !== null) lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * The writes of a file grouped as the decoder sees them: all top-level attributes form one unit,
 * and each block instance is a unit (the same grouping renderFile writes). Inside a unit a
 * repeated key keeps its last value (HCL v1); units then merge with Nomad's rules.
 */
function units(writes: ReadonlyArray<readonly [Write, boolean]>): Map<AgentConfigKey, Scalar>[] {
  const top = new Map<AgentConfigKey, Scalar>();
  const blocks: Map<AgentConfigKey, Scalar>[] = [];
  let openBlock: string | null = null;
  for (const [{ key, value }, newBlock] of writes) {
    if (openBlock !== null && (key.block !== openBlock || newBlock)) openBlock = null;
    if (key.block === '') {
      top.set(key, value);
      continue;
    }
    if (openBlock === null) {
      blocks.push(new Map());
      openBlock = key.block;
    }
    blocks[blocks.length - 1]?.set(key, value);
  }
  return [top, ...blocks];
}

/** Reference model of Nomad's merge, one key at a time. */
function modelValue(
  key: AgentConfigKey,
  files: ReadonlyArray<ReadonlyArray<readonly [Write, boolean]>>,
): unknown {
  let value: unknown = key.get(DEFAULT_AGENT_CONFIG);
  for (const file of files) {
    for (const unit of units(file)) {
      const v = unit.get(key);
      if (v === undefined) continue;
      if (key.kind === 'bool') value = value === true || v === true;
      else if (key.kind === 'optional-int') value = v;
      else if (typeof v === 'number' ? v > 0 : v !== '') value = v;
    }
  }
  return value;
}

describe('merging', () => {
  it('several files with repeated blocks merge like the per-key model (last value inside a block, then enabled only switched on, empty never overrides)', () => {
    fc.assert(
      fc.property(fc.array(fileArb, { maxLength: 4 }), (files) => {
        const config = loadAgentConfigs(
          files.map((writes, i) => ({ file: `f${i}.hcl`, text: renderFile(writes) })),
        );
        for (const key of AGENT_CONFIG_KEYS)
          expect([key.path, key.get(config)]).toEqual([key.path, modelValue(key, files)]);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- text edits ------------------------------------------------------------------------------

const editArb = fc.oneof(
  fc.boolean().map((enabled) => ({
    name: `withAclEnabled(${enabled})`,
    run: (text: string) => withAclEnabled(text, enabled),
    apply: (c: AgentConfig): AgentConfig => ({ ...c, acl: { ...c.acl, enabled } }),
  })),
  anyString.map((region) => ({
    name: `withAuthoritativeRegion(${JSON.stringify(region)})`,
    run: (text: string) => withAuthoritativeRegion(text, region),
    apply: (c: AgentConfig): AgentConfig => ({
      ...c,
      server: { ...c.server, authoritativeRegion: region },
    }),
  })),
  anyString.map((token) => ({
    name: `withReplicationToken(${JSON.stringify(token)})`,
    run: (text: string) => withReplicationToken(text, token),
    apply: (c: AgentConfig): AgentConfig => ({ ...c, acl: { ...c.acl, replicationToken: token } }),
  })),
);

const MARKER_LINES = ['# operator note', 'bind_addr = "0.0.0.0"', 'ports {\n  http = 4646\n}'];

describe('text edits', () => {
  it("on printed files with the operator's extra lines: exactly the intended change, extra lines kept", () => {
    fc.assert(
      fc.property(configArb, editArb, fc.subarray(MARKER_LINES), (config, edit, extra) => {
        const text = `${extra.join('\n')}\n${printAgentConfig(config)}`;
        const edited = edit.run(text);
        expect(parseAgentConfig(edited)).toEqual(edit.apply(config));
        for (const line of extra) expect(edited).toContain(line);
      }),
      { numRuns: 300 },
    );
  });

  it('on JSON files', () => {
    fc.assert(
      fc.property(configArb, editArb, (config, edit) => {
        const edited = edit.run(toJson(config));
        expect(edited.trimStart().startsWith('{')).toBe(true);
        expect(parseAgentConfig(edited)).toEqual(edit.apply(config));
      }),
      { numRuns: 200 },
    );
  });

  it('on files with repeated blocks and empty values', () => {
    fc.assert(
      fc.property(fileArb, editArb, (writes, edit) => {
        const text = renderFile(writes);
        expect(parseAgentConfig(edit.run(text))).toEqual(edit.apply(parseAgentConfig(text)));
      }),
      { numRuns: 300 },
    );
  });

  it('an edit that changes nothing returns the text unchanged', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const text = printAgentConfig(config);
        expect(withAclEnabled(text, config.acl.enabled)).toBe(text);
        expect(withReplicationToken(text, config.acl.replicationToken)).toBe(text);
        expect(withAuthoritativeRegion(text, config.server.authoritativeRegion)).toBe(text);
      }),
      { numRuns: 100 },
    );
  });
});

// ---- fuzzing ---------------------------------------------------------------------------------

/** Outcome of a call on arbitrary text: a value, or an AgentConfigError (anything else fails the test). */
function outcome<T>(fn: () => T): T | AgentConfigError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof AgentConfigError) {
      expect(error.message.startsWith('Error loading configuration')).toBe(true);
      return error;
    }
    throw error;
  }
}

const TOKENS = [
  'acl',
  'server',
  'client',
  'region',
  'datacenter',
  'enabled',
  'replication_token',
  'authoritative_region',
  'token_ttl',
  'bootstrap_expect',
  'raft_multiplier',
  'log_level',
  'ports',
  'foo',
  '"acl"',
  '"x"',
  '""',
  '"30s"',
  '"-1s"',
  '"3"',
  '{',
  '}',
  '[',
  ']',
  '=',
  ',',
  'true',
  'false',
  '0',
  '1',
  '11',
  '-1',
  '1.5',
  '0x10',
  '\n',
  '# c\n',
  '/* c */',
  '<<EOF\nv\nEOF\n',
  '"a\\"b"',
  'null',
  ':',
  '{"acl": {"enabled": true}}',
];

const tokenSoup = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 30 })
  .map((tokens) => tokens.join(' '));

const mutatedConfig = fc
  .tuple(
    configArb,
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3 })), { maxLength: 4 }),
  )
  .map(([config, mutations]) => {
    let text = printAgentConfig(config, { includeDefaults: true });
    for (const [at, remove, insert] of mutations) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + insert + text.slice(i + remove);
    }
    return text;
  });

const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), tokenSoup, mutatedConfig);

describe('fuzzing', () => {
  it('parsing arbitrary text returns a valid config or throws AgentConfigError', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = outcome(() => parseAgentConfig(text, { file: 'fuzz.hcl' }));
        if (!(result instanceof AgentConfigError)) expect(checkAgentConfig(result)).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });

  it('editing arbitrary text either reports it as invalid or makes exactly the intended change', () => {
    fc.assert(
      fc.property(anyText, editArb, (text, edit) => {
        const edited = outcome(() => edit.run(text));
        if (edited instanceof AgentConfigError) {
          expect(outcome(() => parseAgentConfig(text))).toBeInstanceOf(AgentConfigError);
          return;
        }
        expect(parseAgentConfig(edited)).toEqual(edit.apply(parseAgentConfig(text)));
      }),
      { numRuns: 1500 },
    );
  });
});
