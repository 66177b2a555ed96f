/**
 * Go-style flag parsing (src/cli/flags.ts) and shell-like command-line splitting
 * (src/cli/nomad/command-line.ts): the forms Nomad users type, Go's error texts, and properties
 * (`-k=v`, `-k v`, `--k=v` are the same; repeated list flags keep their order; quoting round-trips).
 */
import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { FlagSet, parseGoBool } from '../src/cli/flags.js';
import { CommandLineSyntaxError, runNomadLine, splitCommandLine } from '../src/cli/nomad/index.js';
import { jsonResponse, recordingTransport } from '../src/cli/nomad/index.js';

function tokenFlags(): FlagSet {
  return new FlagSet()
    .string('name')
    .string('type', 'client')
    .bool('global')
    .bool('json')
    .list('policy');
}

function ok(result: ReturnType<FlagSet['parse']>) {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

describe('FlagSet: accepted forms', () => {
  it('reads -k=v, -k v, --k=v and --k v alike', () => {
    for (const argv of [['-name=x'], ['-name', 'x'], ['--name=x'], ['--name', 'x']]) {
      expect(ok(tokenFlags().parse(argv)).flags.string('name')).toBe('x');
    }
  });

  it('uses defaults for flags not given', () => {
    const { flags } = ok(tokenFlags().parse([]));
    expect(flags.string('name')).toBe('');
    expect(flags.string('type')).toBe('client');
    expect(flags.bool('global')).toBe(false);
    expect(flags.list('policy')).toEqual([]);
    expect(flags.setNames).toEqual([]);
  });

  it('parses booleans only in the -flag=value form, with strconv.ParseBool words', () => {
    expect(ok(tokenFlags().parse(['-global'])).flags.bool('global')).toBe(true);
    for (const word of ['1', 't', 'T', 'TRUE', 'true', 'True'])
      expect(ok(tokenFlags().parse([`-global=${word}`])).flags.bool('global')).toBe(true);
    for (const word of ['0', 'f', 'F', 'FALSE', 'false', 'False'])
      expect(ok(tokenFlags().parse([`-global=${word}`])).flags.bool('global')).toBe(false);
    const spaced = ok(tokenFlags().parse(['-global', 'true']));
    expect(spaced.flags.bool('global')).toBe(true);
    expect(spaced.args).toEqual(['true']);
    expect(parseGoBool('yes')).toBeUndefined();
  });

  it('keeps the last value of a repeated string flag and every value of a list flag, in order', () => {
    const { flags } = ok(
      tokenFlags().parse(['-name=a', '-policy', 'p1', '-name', 'b', '--policy=p2', '-policy=p1']),
    );
    expect(flags.string('name')).toBe('b');
    expect(flags.list('policy')).toEqual(['p1', 'p2', 'p1']);
    expect(flags.setNames).toEqual(['name', 'policy']);
    expect(flags.isSet('name')).toBe(true);
    expect(flags.isSet('global')).toBe(false);
  });

  it('takes the next word as a value whatever it looks like, and splits -k=v at the first =', () => {
    expect(ok(tokenFlags().parse(['-name', '-global'])).flags.string('name')).toBe('-global');
    expect(ok(tokenFlags().parse(['-name=a=b'])).flags.string('name')).toBe('a=b');
    expect(ok(tokenFlags().parse(['-name='])).flags.string('name')).toBe('');
  });

  it('stops at the first non-flag word; later flag-looking words are positional', () => {
    const result = ok(tokenFlags().parse(['-global', 'anonymous', 'file.hcl', '-name', 'x']));
    expect(result.args).toEqual(['anonymous', 'file.hcl', '-name', 'x']);
    expect(result.flags.string('name')).toBe('');
  });

  it('treats a lone - as positional and drops a -- terminator', () => {
    expect(ok(tokenFlags().parse(['-', '-global'])).args).toEqual(['-', '-global']);
    const terminated = ok(tokenFlags().parse(['-global', '--', '-name', 'x']));
    expect(terminated.args).toEqual(['-name', 'x']);
    expect(terminated.flags.string('name')).toBe('');
  });
});

describe('FlagSet: Go error texts', () => {
  it.each([
    [['-foo'], 'flag provided but not defined: -foo'],
    [['--foo=1'], 'flag provided but not defined: -foo'],
    [['-name'], 'flag needs an argument: -name'],
    [['-global=yes'], 'invalid boolean value "yes" for -global: parse error'],
    [['---name=x'], 'bad flag syntax: ---name=x'],
    [['-=x'], 'bad flag syntax: -=x'],
    [['--=x'], 'bad flag syntax: --=x'],
  ])('%j -> %s', (argv, message) => {
    expect(tokenFlags().parse(argv)).toEqual({ kind: 'error', message });
  });

  it('asks for help on an undefined -h / -help (Go ErrHelp), without a message', () => {
    for (const argv of [['-h'], ['-help'], ['--help'], ['-help=true']])
      expect(tokenFlags().parse(argv)).toEqual({ kind: 'help' });
  });

  it('refuses to define a flag twice and to read an undefined flag', () => {
    expect(() => new FlagSet().string('a').bool('a')).toThrow('flag redefined: a');
    const { flags } = ok(tokenFlags().parse([]));
    expect(() => flags.string('global')).toThrow();
  });
});

describe('FlagSet: properties', () => {
  const value = fc.string({ maxLength: 12 });
  const setting = fc.tuple(fc.constantFrom('name', 'type'), value);

  propTest.prop(
    [
      fc.array(setting, { maxLength: 6 }),
      fc.array(fc.constantFrom('a', 'b.hcl', '-'), { maxLength: 3 }),
    ],
    { numRuns: 200 },
  )(
    '-k=v, -k v and --k=v give the same values and positional arguments',
    (settings, positional) => {
      const forms = [
        settings.flatMap(([k, v]) => [`-${k}=${v}`]),
        settings.flatMap(([k, v]) => [`-${k}`, v]),
        settings.flatMap(([k, v]) => [`--${k}=${v}`]),
      ];
      const results = forms.map((argv) => ok(tokenFlags().parse([...argv, ...positional])));
      for (const r of results) {
        expect(r.args).toEqual(positional);
        expect([r.flags.string('name'), r.flags.string('type')]).toEqual([
          results[0]?.flags.string('name'),
          results[0]?.flags.string('type'),
        ]);
      }
      const lastName = settings.filter(([k]) => k === 'name').at(-1)?.[1] ?? '';
      expect(results[0]?.flags.string('name')).toBe(lastName);
    },
  );

  propTest.prop([fc.array(fc.string({ maxLength: 8 }), { maxLength: 8 }), fc.boolean()], {
    numRuns: 200,
  })('a repeated list flag keeps every value in order, in any spelling', (policies, separate) => {
    const argv = policies.flatMap((p, i) =>
      separate || i % 2 === 0 ? ['-policy', p] : [`--policy=${p}`],
    );
    expect(ok(tokenFlags().parse(argv)).flags.list('policy')).toEqual(policies);
  });
});

describe('splitCommandLine', () => {
  it('splits the tutorial command with quotes glued to flags', () => {
    expect(
      splitCommandLine(
        'nomad acl token create -type="management" -global=true -name="Cluster A Replication Token"',
      ),
    ).toEqual([
      'nomad',
      'acl',
      'token',
      'create',
      '-type=management',
      '-global=true',
      '-name=Cluster A Replication Token',
    ]);
  });

  it('joins backslash-newline continuations, inside and outside double quotes', () => {
    expect(
      splitCommandLine(
        'nomad acl token create -type="management" -global=true \\\n  -name="Cluster A \\\nReplication Token"',
      ),
    ).toEqual([
      'nomad',
      'acl',
      'token',
      'create',
      '-type=management',
      '-global=true',
      '-name=Cluster A Replication Token',
    ]);
  });

  it('keeps single quotes literal and honours double-quote escapes', () => {
    expect(splitCommandLine(`a 'b "c" \\d' "e \\"f\\" \\\\ \\$ \\x"`)).toEqual([
      'a',
      'b "c" \\d',
      'e "f" \\ $ \\x',
    ]);
    expect(splitCommandLine('a\\ b c\\"d')).toEqual(['a b', 'c"d']);
    expect(splitCommandLine('  x\t\ty  \n z ')).toEqual(['x', 'y', 'z']);
    expect(splitCommandLine('a "" \'\' b')).toEqual(['a', '', '', 'b']);
    expect(splitCommandLine('')).toEqual([]);
  });

  it.each([['a "b'], ["a 'b"], ['a \\']])('refuses %j', (line) => {
    expect(() => splitCommandLine(line)).toThrow(CommandLineSyntaxError);
  });

  propTest.prop([fc.array(fc.string({ maxLength: 10 }), { maxLength: 6 })], { numRuns: 300 })(
    'single-quoting any words and splitting gives the words back',
    (words) => {
      const line = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
      expect(splitCommandLine(line)).toEqual(words);
    },
  );
});

describe('runNomadLine', () => {
  it('applies leading NAME=value words as environment for this command only', async () => {
    const rt = recordingTransport(async () => jsonResponse([]));
    const context = {
      env: { NOMAD_TOKEN: 'outer' },
      transport: rt.transport,
      files: { read: () => undefined },
      profile: 'modern' as const,
      defaultAddress: 'http://127.0.0.1:4646',
    };
    const result = await runNomadLine(
      'NOMAD_TOKEN=inner NOMAD_ADDR=http://10.0.0.2:4646 nomad status',
      context,
    );
    expect(result).toEqual({ stdout: 'No running jobs\n', stderr: '', exitCode: 0 });
    expect(rt.requests).toEqual([
      {
        address: 'http://10.0.0.2:4646',
        request: { method: 'GET', path: '/v1/jobs', token: 'inner' },
      },
    ]);
    await runNomadLine('nomad status', context);
    expect(rt.requests[1]?.request.token).toBe('outer');
  });

  it('turns a malformed line or a non-nomad command into a failed result', async () => {
    const context = {
      env: {},
      transport: recordingTransport(async () => jsonResponse(null)).transport,
      files: { read: () => undefined },
      profile: 'modern' as const,
      defaultAddress: 'http://127.0.0.1:4646',
    };
    expect(await runNomadLine('nomad status "', context)).toEqual({
      stdout: '',
      stderr: 'nomad-sim: unterminated double quote in the command line\n',
      exitCode: 2,
    });
    const other = await runNomadLine('echo hi', context);
    expect(other.exitCode).toBe(127);
    expect(other.stderr).toContain('only "nomad" commands');
  });
});
