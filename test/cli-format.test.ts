/**
 * Output helpers of the CLI emulator: columnize (`formatKV`, `formatList`, `simpleFormat`) by
 * example and by property (aligned separators, last column unpadded, no trailing blanks), Go's
 * `%q`, time and JSON renderings, the token block for both profiles, and the request URL and
 * transport-error texts.
 */
import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../src/acl/index.js';
import {
  columnize,
  formatKV,
  formatList,
  goTrimSpace,
  simpleFormat,
} from '../src/cli/format/columnize.js';
import { goJsonIndent } from '../src/cli/format/go-json.js';
import { goQuote } from '../src/go/quote.js';
import {
  formatUnixNanos,
  goTimeStringFromRfc3339,
  isGoZeroTimeText,
} from '../src/cli/format/go-time.js';
import { displayWidth, runeCount } from '../src/cli/format/text-width.js';
import { formatToken } from '../src/cli/format/token-output.js';
import { formatPolicyInfo } from '../src/cli/nomad/commands/acl-policy.js';
import { formatTokenList } from '../src/cli/nomad/commands/acl-token.js';
import { formatJobHeader, formatJobList } from '../src/cli/nomad/commands/job-output.js';
import { getCliProfile } from '../src/cli/format/cli-profile.js';
import { unexpectedResponseText } from '../src/cli/nomad/api-client.js';
import { encodeQuery, requestUrl } from '../src/cli/nomad/request-url.js';
import {
  dialTarget,
  isTransportFailure,
  renderTransportError,
  transportFailure,
} from '../src/cli/nomad/transport-error.js';

describe('columnize', () => {
  it('formats a KV block with keys padded to the longest key and <none> for empty values', () => {
    expect(formatKV(['Name|readonly', 'Description|', 'CreateIndex|10'])).toBe(
      'Name        = readonly\nDescription = <none>\nCreateIndex = 10',
    );
  });

  it('formats a list with two-space glue, trimmed cells and the last column unpadded', () => {
    expect(
      formatList(['Name|Description', ' anonymous | Anonymous policy (full-access) ', 'readonly|']),
    ).toBe('Name       Description\nanonymous  Anonymous policy (full-access)\nreadonly   <none>');
  });

  it('leaves empty cells empty in simpleFormat and pads by the widest cell of every line', () => {
    expect(simpleFormat(['a|bb|c', 'aaa||x', 'z'])).toBe('a    bb  c\naaa      x\nz');
  });

  it('turns an empty line into one <none> cell and an empty list into an empty string', () => {
    expect(formatList([''])).toBe('<none>');
    expect(formatList([])).toBe('');
  });

  it('measures wide characters by display width but pads by rune count, like Go', () => {
    expect(displayWidth('名前')).toBe(4);
    expect(runeCount('名前')).toBe(2);
    expect(formatList(['名前|x', 'ab|y'])).toBe('名前    x\nab    y');
  });

  it("trims with Go's TrimSpace rules", () => {
    expect(goTrimSpace('\u0085 a \t')).toBe('a');
    expect(goTrimSpace('\ufeffa')).toBe('\ufeffa');
  });

  const cell = fc.string({
    unit: fc.constantFrom('a', 'b', 'Z', '0', '-', '.', ' ', '='),
    maxLength: 8,
  });
  const rows = fc.integer({ min: 1, max: 5 }).chain((columns) =>
    fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), {
      minLength: 1,
      maxLength: 6,
    }),
  );

  propTest.prop([rows, fc.constantFrom(' = ', '  ')], { numRuns: 200 })(
    'separators line up, the last column is unpadded, no line ends in a blank',
    (table, glue) => {
      const out = columnize(
        table.map((r) => r.join('|')),
        { glue, empty: '<none>' },
      ).split('\n');
      expect(out).toHaveLength(table.length);
      const cells = table.map((r) => r.map((c) => (c.trim() === '' ? '<none>' : c.trim())));
      const columns = table[0]?.length ?? 0;
      let offset = 0;
      for (let col = 0; col < columns - 1; col++) {
        const width = Math.max(...cells.map((r) => (r[col] ?? '').length));
        offset += width;
        for (const line of out) expect(line.slice(offset, offset + glue.length)).toBe(glue);
        offset += glue.length;
      }
      out.forEach((line, i) => {
        expect(line).toBe(line.trimEnd());
        expect(line.endsWith(cells[i]?.at(-1) ?? '')).toBe(true);
      });
    },
  );
});

describe('Go renderings', () => {
  it('quotes like strconv.Quote', () => {
    expect(goQuote('anonymous')).toBe('"anonymous"');
    expect(goQuote('a"b\\c\n\t\x00\x07\x7f')).toBe('"a\\"b\\\\c\\n\\t\\x00\\a\\x7f"');
    expect(goQuote('héllo 名')).toBe('"héllo 名"');
    expect(goQuote('\u200b\u{e0001}')).toBe('"\\u200b\\U000e0001"');
  });

  it('prints RFC 3339 times as Go time.Time strings, keeping all nanoseconds', () => {
    expect(goTimeStringFromRfc3339('2017-09-11T17:38:10.999089612Z')).toBe(
      '2017-09-11 17:38:10.999089612 +0000 UTC',
    );
    expect(goTimeStringFromRfc3339('2020-01-08T21:12:43.32324673Z')).toBe(
      '2020-01-08 21:12:43.32324673 +0000 UTC',
    );
    expect(goTimeStringFromRfc3339('2024-05-01T10:00:00.500000000Z')).toBe(
      '2024-05-01 10:00:00.5 +0000 UTC',
    );
    expect(goTimeStringFromRfc3339('2024-05-01T10:00:00Z')).toBe('2024-05-01 10:00:00 +0000 UTC');
    expect(goTimeStringFromRfc3339('2024-05-01T12:00:00+02:00')).toBe(
      '2024-05-01 12:00:00 +0200 +0200',
    );
    expect(goTimeStringFromRfc3339('yesterday')).toBeUndefined();
    expect(isGoZeroTimeText('0001-01-01T00:00:00Z')).toBe(true);
    expect(isGoZeroTimeText('2024-05-01T10:00:00Z')).toBe(false);
  });

  it('prints Unix nanoseconds as RFC 3339 seconds in UTC, and nothing for the epoch', () => {
    expect(formatUnixNanos(1_714_557_600_123_456_789)).toBe('2024-05-01T10:00:00Z');
    expect(formatUnixNanos(0)).toBe('');
  });

  it('indents JSON by four spaces with Go HTML escaping', () => {
    expect(goJsonIndent({ Rules: 'a && b <c>', List: [], N: null })).toBe(
      '{\n    "Rules": "a \\u0026\\u0026 b \\u003cc\\u003e",\n    "List": [],\n    "N": null\n}',
    );
  });
});

const MANAGEMENT = {
  AccessorID: 'ec175d30-26ea-4a54-4850-45f833acece5',
  SecretID: '9e2bb5ed-b3af-6bf3-5bbc-16dc684c5c31',
  Name: 'Cluster A Replication Token',
  Type: 'management',
  Policies: null,
  Roles: null,
  Global: true,
  Hash: 'x',
  CreateTime: '2020-01-08T21:12:43.32324673Z',
  ExpirationTime: null,
  ExpirationTTL: '',
  CreateIndex: 2916,
  ModifyIndex: 2916,
};

const CLIENT = {
  ...MANAGEMENT,
  Name: '',
  Type: 'client',
  Policies: ['readonly', 'ops'],
  Global: false,
  ExpirationTime: '2024-05-01T11:00:00Z',
};

describe('token block', () => {
  it('tutorial profile, management token: the tutorial layout', () => {
    expect(formatToken(MANAGEMENT, getProfile('tutorial'))).toBe(
      [
        'Accessor ID  = ec175d30-26ea-4a54-4850-45f833acece5',
        'Secret ID    = 9e2bb5ed-b3af-6bf3-5bbc-16dc684c5c31',
        'Name         = Cluster A Replication Token',
        'Type         = management',
        'Global       = true',
        'Policies     = n/a',
        'Create Time  = 2020-01-08 21:12:43.32324673 +0000 UTC',
        'Create Index = 2916',
        'Modify Index = 2916',
      ].join('\n'),
    );
  });

  it('modern profile, management token: expiry and roles keys', () => {
    expect(formatToken(MANAGEMENT, getProfile('modern'))).toBe(
      [
        'Accessor ID  = ec175d30-26ea-4a54-4850-45f833acece5',
        'Secret ID    = 9e2bb5ed-b3af-6bf3-5bbc-16dc684c5c31',
        'Name         = Cluster A Replication Token',
        'Type         = management',
        'Global       = true',
        'Create Time  = 2020-01-08 21:12:43.32324673 +0000 UTC',
        'Expiry Time  = <none>',
        'Create Index = 2916',
        'Modify Index = 2916',
        'Policies     = n/a',
        'Roles        = n/a',
      ].join('\n'),
    );
  });

  it('modern profile, client token: policies as a Go slice, then a Roles section', () => {
    expect(formatToken(CLIENT, getProfile('modern'))).toBe(
      [
        'Accessor ID  = ec175d30-26ea-4a54-4850-45f833acece5',
        'Secret ID    = 9e2bb5ed-b3af-6bf3-5bbc-16dc684c5c31',
        'Name         = <none>',
        'Type         = client',
        'Global       = false',
        'Create Time  = 2020-01-08 21:12:43.32324673 +0000 UTC',
        'Expiry Time  = 2024-05-01 11:00:00 +0000 UTC',
        'Create Index = 2916',
        'Modify Index = 2916',
        'Policies     = [readonly ops]',
        '',
        'Roles',
        '<none>',
      ].join('\n'),
    );
    const withRoles = formatToken(
      {
        ...CLIENT,
        Roles: [
          { ID: 'r-1', Name: 'ops-role' },
          { ID: 'r-22', Name: '' },
        ],
      },
      getProfile('modern'),
    );
    expect(withRoles.split('\n').slice(-4)).toEqual([
      'Roles',
      'ID    Name',
      'r-1   ops-role',
      'r-22  <none>',
    ]);
  });

  it('tutorial profile, client token: policies in the KV block and no roles section', () => {
    const out = formatToken(CLIENT, getProfile('tutorial'));
    expect(out).toContain('Policies     = [readonly ops]\nCreate Time');
    expect(out).not.toContain('Roles');
  });
});

describe('policy, token and job listings', () => {
  const policy = {
    Name: 'anonymous',
    Description: 'Anonymous policy (full-access)',
    Rules: 'namespace "*" {\n  policy = "write"\n}\n',
    CreateIndex: 10,
    ModifyIndex: 12,
  };

  it('policy info: modern KV then a Rules section, tutorial one KV block', () => {
    expect(formatPolicyInfo(policy, getProfile('modern'))).toBe(
      'Name        = anonymous\nDescription = Anonymous policy (full-access)\nCreateIndex = 10\nModifyIndex = 12\n\nRules\n\nnamespace "*" {\n  policy = "write"\n}\n',
    );
    expect(formatPolicyInfo(policy, getProfile('tutorial'))).toBe(
      'Name        = anonymous\nDescription = Anonymous policy (full-access)\nRules       = namespace "*" {\n  policy = "write"\n}\nCreateIndex = 10\nModifyIndex = 12',
    );
  });

  it('token list: Expired column compares with the workstation clock', () => {
    const tokens = [
      {
        Name: 'Bootstrap Token',
        Type: 'management',
        Global: true,
        AccessorID: 'a1',
        ExpirationTime: null,
      },
      {
        Name: '',
        Type: 'client',
        Global: false,
        AccessorID: 'b2',
        ExpirationTime: '2024-05-01T10:00:01Z',
      },
    ];
    const columns = getProfile('modern').tokenListColumns;
    expect(formatTokenList(tokens, columns, 2000)).toBe(
      'Name             Type        Global  Accessor ID  Expired\nBootstrap Token  management  true    a1           false\n<none>           client      false   b2           true',
    );
    expect(formatTokenList(tokens, columns, 500)).toContain('b2           false');
    expect(formatTokenList(tokens, columns, undefined)).toContain('b2           false');
    expect(formatTokenList(tokens, getProfile('tutorial').tokenListColumns, 2000)).toBe(
      'Name             Type        Global  Accessor ID\nBootstrap Token  management  true    a1\n<none>           client      false   b2',
    );
    expect(formatTokenList([], columns, 0)).toBe('No tokens found');
  });

  it('job list and job header', () => {
    const job = {
      ID: 'example',
      Namespace: 'default',
      Type: 'batch',
      Priority: 50,
      Status: 'dead',
      Stop: true,
      Periodic: true,
      ParameterizedJob: false,
      SubmitTime: 1_714_557_600_000_000_000,
    };
    expect(formatJobList([job], false)).toBe(
      'ID       Type            Priority  Status          Submit Date\nexample  batch/periodic  50        dead (stopped)  2024-05-01T10:00:00Z',
    );
    expect(
      formatJobList(
        [{ ...job, Namespace: '', JobSummary: { Namespace: 'web' }, SubmitTime: 0 }],
        true,
      ),
    ).toBe(
      'ID       Namespace  Type            Priority  Status          Submit Date\nexample  web        batch/periodic  50        dead (stopped)  <none>',
    );
    const full = {
      ...job,
      Name: 'example',
      Datacenters: ['dc1', 'dc2'],
      NodePool: 'default',
      Periodic: null,
      ParameterizedJob: {},
      Stop: false,
      Status: 'running',
    };
    expect(formatJobHeader(full, true)).toBe(
      [
        'ID            = example',
        'Name          = example',
        'Submit Date   = 2024-05-01T10:00:00Z',
        'Type          = batch',
        'Priority      = 50',
        'Datacenters   = dc1,dc2',
        'Namespace     = default',
        'Node Pool     = default',
        'Status        = running',
        'Periodic      = false',
        'Parameterized = true',
      ].join('\n'),
    );
    expect(formatJobHeader(full, false)).not.toContain('Node Pool');
    expect(formatJobHeader({ ...full, Periodic: false, ParameterizedJob: false }, false)).toContain(
      'Periodic      = false\nParameterized = false',
    );
  });
});

describe('HTTP error texts', () => {
  it('modern trims the body and drops empty parentheses; tutorial keeps the body verbatim', () => {
    const modern = getCliProfile('modern');
    const tutorial = getCliProfile('tutorial');
    const response = (status: number, body: string | null) => ({ status, body, headers: {} });
    expect(unexpectedResponseText(response(403, 'Permission denied\n'), modern)).toBe(
      'Unexpected response code: 403 (Permission denied)',
    );
    expect(unexpectedResponseText(response(404, ''), modern)).toBe('Unexpected response code: 404');
    expect(unexpectedResponseText(response(404, null), modern)).toBe(
      'Unexpected response code: 404',
    );
    expect(unexpectedResponseText(response(403, 'Permission denied\n'), tutorial)).toBe(
      'Unexpected response code: 403 (Permission denied\n)',
    );
    expect(unexpectedResponseText(response(404, ''), tutorial)).toBe(
      'Unexpected response code: 404 ()',
    );
    expect(unexpectedResponseText({ status: 500, body: { odd: 1 }, headers: {} }, modern)).toBe(
      'Unexpected response code: 500 ({"odd":1})',
    );
  });
});

describe('request URLs and transport errors', () => {
  it('encodes queries like url.Values.Encode (sorted keys, QueryEscape)', () => {
    expect(encodeQuery({ region: 'b', prefix: 'my job/1', namespace: '*' })).toBe(
      'namespace=%2A&prefix=my+job%2F1&region=b',
    );
    expect(requestUrl('http://10.0.1.1:4646/', '/v1/jobs', {})).toBe(
      'http://10.0.1.1:4646/v1/jobs',
    );
    expect(requestUrl('http://10.0.1.1:4646', '/v1/acl/policy/a b', { region: 'b' })).toBe(
      'http://10.0.1.1:4646/v1/acl/policy/a%20b?region=b',
    );
  });

  it('finds the host:port Go would dial', () => {
    expect(dialTarget('http://10.0.1.1:4646')).toBe('10.0.1.1:4646');
    expect(dialTarget('http://nomad.example')).toBe('nomad.example:80');
    expect(dialTarget('https://nomad.example/')).toBe('nomad.example:443');
    expect(dialTarget('10.0.1.1:4646')).toBe('10.0.1.1:4646');
  });

  it('renders each failure kind as Go url.Error text', () => {
    const url = 'http://10.0.1.1:4646/v1/jobs';
    const address = 'http://10.0.1.1:4646';
    expect(renderTransportError('GET', url, address, transportFailure('connection-refused'))).toBe(
      'Get "http://10.0.1.1:4646/v1/jobs": dial tcp 10.0.1.1:4646: connect: connection refused',
    );
    expect(renderTransportError('PUT', url, address, { kind: 'no-route-to-host' })).toBe(
      'Put "http://10.0.1.1:4646/v1/jobs": dial tcp 10.0.1.1:4646: connect: no route to host',
    );
    expect(renderTransportError('DELETE', url, address, transportFailure('timeout'))).toBe(
      'Delete "http://10.0.1.1:4646/v1/jobs": dial tcp 10.0.1.1:4646: i/o timeout',
    );
    expect(renderTransportError('GET', url, address, transportFailure('eof'))).toBe(
      'Get "http://10.0.1.1:4646/v1/jobs": EOF',
    );
    expect(renderTransportError('GET', url, address, new Error('boom'))).toBe(
      'Get "http://10.0.1.1:4646/v1/jobs": boom',
    );
    expect(renderTransportError('GET', url, address, 'odd')).toBe(
      'Get "http://10.0.1.1:4646/v1/jobs": odd',
    );
    expect(isTransportFailure({ kind: 'nope' })).toBe(false);
    expect(isTransportFailure(null)).toBe(false);
  });
});
