/**
 * Issue 12, §1: policies decode exactly as Nomad's pinned HCL v1 (v1.0.1-nomad-1) decodes them.
 * One test per cause, with the minimal document and Go's result. Where the issue states the Go
 * result it is used as written; the other expected values follow from hcl v1's parser and decoder
 * rules (src/hcl/v1 documents each rule next to the code that applies it).
 */
import { describe, expect, it } from 'vitest';
import {
  type ParsePolicyOptions,
  parsePolicy,
  type Policy,
  PolicyParseError,
} from '../src/acl/index.js';

function errorText(text: string, options: ParsePolicyOptions = {}): string {
  try {
    parsePolicy(text, options);
  } catch (error) {
    if (error instanceof PolicyParseError) return error.message;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

function namespacePolicy(text: string): string | undefined {
  return parsePolicy(text).namespaces[0]?.policy;
}

function namespaceCaps(text: string): string[] | undefined {
  return parsePolicy(text).namespaces[0]?.capabilities;
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

const GO_NS = (name: string, policy: string, caps = '[]string(nil)'): string =>
  `&acl.NamespacePolicy{Name:${JSON.stringify(name)}, Policy:${policy}, Capabilities:${caps}, Variables:(*acl.VariablesPolicy)(nil)}`;

describe('repeated keys accumulate', () => {
  it('repeated variables blocks merge (the JSON spelling of two paths), strict mode included', () => {
    const text =
      '{"namespace":{"default":{"policy":"read","variables":{"path":{"a/*":{"capabilities":["read"]},"b/*":{"capabilities":["write"]}}}}}}';
    for (const strict of [false, true]) {
      expect(parsePolicy(text, { strict }).namespaces).toEqual([
        {
          name: 'default',
          policy: 'read',
          capabilities: READ,
          variables: {
            paths: [
              { pathSpec: 'a/*', capabilities: ['read', 'list'] },
              { pathSpec: 'b/*', capabilities: ['write'] },
            ],
          },
        },
      ]);
    }
    const hcl =
      'namespace "default" {\n variables { path "a/*" { capabilities = ["read"] } }\n variables { path "b/*" { capabilities = ["write"] } }\n}';
    expect(
      parsePolicy(hcl, { strict: true }).namespaces[0]?.variables?.paths.map((p) => p.pathSpec),
    ).toEqual(['a/*', 'b/*']);
  });

  it('repeated singleton blocks merge into one', () => {
    expect(parsePolicy('agent {policy="read"} agent {}').agent).toEqual({ policy: 'read' });
    expect(
      parsePolicy('operator { policy = "read" }\noperator { capabilities = ["snapshot-save"] }')
        .operator,
    ).toEqual({
      policy: 'read',
      capabilities: ['snapshot-save', 'license-read', 'keyring-read'],
    });
    // ... and strict mode still lists the extra copy.
    expect(errorText('agent {policy="read"} agent {}', { strict: true })).toBe(
      'Invalid or duplicate policy keys: agent',
    );
  });

  it('a repeated list attribute appends; a repeated string keeps the last value', () => {
    expect(
      namespaceCaps(
        'namespace "a" {\n capabilities = ["read-job"]\n capabilities = ["list-jobs"]\n}',
      ),
    ).toEqual(['read-job', 'list-jobs']);
    expect(namespacePolicy('namespace "a" { policy = "read" policy = "write" }')).toBe('write');
  });
});

describe('values where a string is expected', () => {
  it('bools and floats decode as their source text', () => {
    expect(errorText('node{policy=true}')).toBe(
      'Invalid node policy: &acl.NodePolicy{Policy:"true"}',
    );
    expect(errorText('node{policy=1.5}')).toBe(
      'Invalid node policy: &acl.NodePolicy{Policy:"1.5"}',
    );
    expect(errorText('node { policy = 0x1F }')).toBe(
      'Invalid node policy: &acl.NodePolicy{Policy:"0x1F"}',
    );
    expect(errorText('{"node":{"policy":false}}')).toBe(
      'Invalid node policy: &acl.NodePolicy{Policy:"false"}',
    );
  });

  it('loose numbers are numbers: `1.`, `.5`, and `1e` (which takes the blank after it)', () => {
    expect(errorText('namespace "a" { policy = 1. }')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '"1."')}`,
    );
    expect(errorText('namespace "a" { policy = .5 }')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '".5"')}`,
    );
    expect(errorText('namespace "a" { policy = 1e }')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '"1e "')}`,
    );
  });

  it('`capabilities {}` is an empty list, and a list may have extra commas', () => {
    expect(namespaceCaps('namespace "a" { capabilities {} }')).toEqual([]);
    expect(errorText('namespace "a" { policy = "x" capabilities {} }')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '"x"', '[]string{}')}`,
    );
    expect(namespaceCaps('namespace "a" { capabilities = [,"read-job",,"list-jobs",] }')).toEqual([
      'read-job',
      'list-jobs',
    ]);
  });
});

describe('the JSON syntax, as Go reads it', () => {
  it('trailing commas are accepted', () => {
    expect(parsePolicy('{"agent":{"policy":"read",},}').agent).toEqual({ policy: 'read' });
  });

  it('unbalanced or truncated documents are accepted, and what follows the root object is never read', () => {
    expect(parsePolicy('{"agent": {"policy": "read"}').agent).toEqual({ policy: 'read' });
    expect(parsePolicy('{"agent": {"policy": "read"}}} ]] trailing junk').agent).toEqual({
      policy: 'read',
    });
    expect(parsePolicy('{"agent": {"policy": "read"}, "node": ').node).toBeNull();
    // Any token but a comma ends an object: the second block is never reached.
    expect(parsePolicy('{"agent": {"policy": "read"} "node": {"policy": "read"}}').node).toBeNull();
  });

  it('raw control characters are allowed in strings', () => {
    expect(errorText('{"agent":{"policy":"re\tad\u0001"}}')).toBe(
      'Invalid agent policy: &acl.AgentPolicy{Policy:"re\\tad\\x01"}',
    );
  });

  it("escapes are Go's, not JSON's", () => {
    expect(parsePolicy('{"agent":{"policy":"\\x72\\145\\u0061d"}}').agent).toEqual({
      policy: 'read',
    });
    expect(errorText('{"agent":{"policy":"\\a"}}')).toBe(
      'Invalid agent policy: &acl.AgentPolicy{Policy:"\\a"}',
    );
    expect(errorText('{"agent":{"policy":"\\/"}}')).toBe(
      'Failed to parse ACL Policy: 1:22: illegal char escape',
    );
    expect(errorText('{"agent":{"policy":"\\uD83D\\uDE00"}}')).toBe(
      'Failed to parse ACL Policy: invalid acl policy: unquote "\\uD83D\\uDE00" err: invalid syntax',
    );
  });

  it('null is the empty string', () => {
    expect(errorText('{"agent":{"policy":null}}')).toBe(
      'Invalid agent policy: &acl.AgentPolicy{Policy:""}',
    );
  });

  it('true and false are dropped from lists; null in a list is an error', () => {
    expect(namespaceCaps('{"namespace":{"a":{"capabilities":[true,"read-job",false]}}}')).toEqual([
      'read-job',
    ]);
    expect(errorText('{"namespace":{"a":{"capabilities":["read-job",null]}}}')).toBe(
      'Failed to parse ACL Policy: unexpected token while parsing list: NULL',
    );
  });

  it('a list inside a list ends the list at the first `]`', () => {
    expect(namespaceCaps('{"namespace":{"a":{"capabilities":[["read-job"]]}}}')).toEqual([
      'read-job',
    ]);
    // What follows the first "]" is then read as more keys of the block.
    expect(errorText('{"namespace":{"a":{"capabilities":[["read-job"],"list-jobs"]}}}')).toBe(
      'Failed to parse ACL Policy: expected: STRING got: RBRACK',
    );
  });

  it('several keys before a colon make a labelled block', () => {
    expect(parsePolicy('{"namespace" "default": {"policy":"read"}}').namespaces).toEqual([
      { name: 'default', policy: 'read', capabilities: READ, variables: null },
    ]);
    expect(errorText('{"agent" "x": {"policy":"read"}}')).toBe(
      'Invalid agent policy: &acl.AgentPolicy{Policy:""}',
    );
  });

  it('a label whose value is an array of bodies: flattened into one unlabelled block, then one namespace per body', () => {
    // The array keeps "namespace" from being flattened, so it is an unlabelled block whose items
    // (each body, labelled "default") become namespaces; Nomad's second pass then blanks the first name.
    expect(
      errorText('{"namespace":{"default":[{"policy":"read"},{"capabilities":["list-jobs"]}]}}'),
    ).toBe(`Invalid namespace name: ${GO_NS('', '"read"')}`);
    // Under an array of one object the outer array is flattened away first, with the same result.
    expect(
      errorText('{"namespace":[{"default":[{"policy":"read"},{"capabilities":["list-jobs"]}]}]}'),
    ).toBe(`Invalid namespace name: ${GO_NS('', '"read"')}`);
    // Nomad's usual spelling, an array of labelled objects, is flattened into labelled blocks.
    expect(
      parsePolicy('{"namespace":[{"a":{"policy":"read"}},{"b":{"policy":"read"}}]}').namespaces.map(
        (ns) => ns.name,
      ),
    ).toEqual(['a', 'b']);
  });
});

describe('blocks and labels', () => {
  it('unlabelled labelled blocks are read item by item, then Nomad blanks names by position', () => {
    expect(errorText('namespace { policy = "read" }')).toBe(
      `Invalid namespace name: ${GO_NS('', '"read"')}`,
    );
    // The labelled block is decoded first, so the blanked name at index 0 is the labelled one's.
    expect(errorText('namespace { policy = "read" }\nnamespace "a" { policy = "write" }')).toBe(
      `Invalid namespace name: ${GO_NS('', '"write"')}`,
    );
    // A list value cannot be such an item: decoding it as a namespace fails.
    expect(errorText('namespace { capabilities = ["read-job"] }')).toBe(
      'Failed to parse ACL Policy: At 1:28: root.namespace[0]: not an object type for struct (*ast.ListType)',
    );
  });

  it("an unlabelled path: Nomad's text (TestParse/08), and the panic when it decoded to nothing", () => {
    expect(
      errorText(
        'namespace "dev" {\n variables {\n  path {}\n  path "nomad/jobs/example" { capabilities = ["read"] }\n }\n}',
      ),
    ).toBe('Invalid missing variable path in namespace dev');
    expect(errorText('namespace "dev" { variables { path {} } }')).toBe(
      'Failed to parse ACL Policy: invalid acl policy: runtime error: index out of range [0] with length 0',
    );
  });

  it('the tutorial era (1.0) had no second pass: an unlabelled namespace is named after its first item', () => {
    expect(
      parsePolicy('namespace { policy = "read" }', { profile: 'tutorial' }).namespaces.map((ns) => [
        ns.name,
        ns.policy,
      ]),
    ).toEqual([['policy', 'read']]);
    expect(errorText('namespace {}', { profile: 'tutorial' })).toBe('Invalid policy: namespace {}');
  });

  it('3+ labels: the first label is the name, the innermost body is read; 2 labels hide the body', () => {
    expect(
      parsePolicy('namespace "a" "b" "c" { policy = "read" }').namespaces.map((ns) => [
        ns.name,
        ns.policy,
      ]),
    ).toEqual([['a', 'read']]);
    expect(
      parsePolicy('namespace "a" "b" { policy = "read" }').namespaces.map((ns) => [
        ns.name,
        ns.policy,
      ]),
    ).toEqual([['a', '']]);
    expect(errorText('namespace "a" "b" "c" { policy = "read" }', { strict: true })).toBe(
      'Invalid or duplicate policy keys: b, c',
    );
  });

  it('keys match under Unicode case folding', () => {
    expect(
      parsePolicy('nameſpace "a" { policy = "read" }').namespaces.map((ns) => ns.name),
    ).toEqual(['a']);
    expect(parsePolicy('AGENT { POLICY = "read" }').agent).toEqual({ policy: 'read' });
    expect(
      parsePolicy('namespace "a" { capabilitieſ = ["read-job"] }').namespaces[0]?.capabilities,
    ).toEqual(['read-job']);
  });
});

describe('the native syntax, as Go scans it', () => {
  it('`${ ... }` inside a quoted string may hold quotes and newlines, copied as written', () => {
    expect(errorText('namespace "a" { policy = "${x"}" }')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '"${x\\"}"')}`,
    );
    expect(errorText('namespace "a" { policy = "${\n}\\n" }')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '"${\\n}\\n"')}`,
    );
    expect(errorText('namespace "a" { policy = "${x" }')).toBe(
      'Failed to parse ACL Policy: At 1:33: literal not terminated',
    );
  });

  it('heredocs: an indented closing anchor keeps its indentation; `<<-` with the anchor at column 1 never ends; non-ASCII anchors', () => {
    expect(errorText('namespace "a" { policy = <<EOF\nread\n  EOF\n}')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '"read\\n  "')}`,
    );
    expect(errorText('namespace "a" { policy = <<-EOF\n  read\n  EOF\n}')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '"read\\n"')}`,
    );
    expect(errorText('namespace "a" { policy = <<-EOF\n  read\nEOF\n}')).toBe(
      'Failed to parse ACL Policy: At 4:2: heredoc not terminated',
    );
    expect(errorText('namespace "a" { policy = <<ÉOF\nread\nÉOF\n}')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '"read\\n"')}`,
    );
  });

  it('CRLF is turned into LF before scanning', () => {
    expect(errorText('namespace "a" {\r\n policy = <<EOF\r\nread\r\nEOF\r\n}\r\n')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '"read\\n"')}`,
    );
    expect(errorText('namespace "a" {\r\n policy = "x"\r\n\r\n  @')).toBe(
      'Failed to parse ACL Policy: At 4:3: illegal char',
    );
  });

  it('\\uD800 to \\uDFFF become U+FFFD; \\xHH and octal escapes insert raw bytes', () => {
    expect(errorText('namespace "a" { policy = "\\uD800" }')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '"\uFFFD"')}`,
    );
    expect(errorText('namespace "a" { policy = "\\xff\\351" }')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '"\\xff\\xe9"')}`,
    );
    // Raw bytes that form UTF-8 are that character.
    expect(errorText('namespace "a" { policy = "\\xc3\\xa9" }')).toBe(
      `Invalid namespace policy: ${GO_NS('a', '"é"')}`,
    );
  });

  it('escapes in keys that are never decoded are not checked', () => {
    expect(parsePolicy('agent { policy = "read" }\nbogus { "\\500" = 1 }').agent).toEqual({
      policy: 'read',
    });
    expect(errorText('agent { policy = "read" }\n"\\500" { x = 1 }')).toBe(
      'Failed to parse ACL Policy: invalid acl policy: unquote "\\500" err: invalid syntax',
    );
  });

  it('U+E123, NUL and a leading byte-order mark are rejected', () => {
    expect(errorText('agent { policy = "\uE123" }')).toBe(
      'Failed to parse ACL Policy: At 1:19: unicode code point U+E123 reserved for internal use',
    );
    expect(errorText('agent { policy = "read" }\u0000')).toBe(
      'Failed to parse ACL Policy: At 1:26: unexpected null character (0x00)',
    );
    expect(errorText('\uFEFFagent { policy = "read" }')).toBe(
      'Failed to parse ACL Policy: At 1:1: illegal char',
    );
  });

  it('`key =` at the end of the input is ignored', () => {
    expect(parsePolicy('agent { policy = "read" }\nnode =').agent).toEqual({ policy: 'read' });
  });

  it("no nesting limit: 100 000 nested blocks get Go's own error, not a depth error", () => {
    expect(errorText(`${'namespace "a" { '.repeat(100_000)}`)).toMatch(
      /^Failed to parse ACL Policy: At 1:\d+: object expected closing RBRACE got: EOF$/,
    );
  });
});

describe('strict mode and error texts', () => {
  it('strict mode checks top-level keys only, labels of unknown blocks included', () => {
    expect(errorText('bogus "x" {}\nagent { policy = "read" }', { strict: true })).toBe(
      'Invalid or duplicate policy keys: bogus, x',
    );
    expect(parsePolicy('agent { policy = "read" nonsense = 1 }', { strict: true }).agent).toEqual({
      policy: 'read',
    });
  });

  it("Go's texts and positions; the scanner's last error wins over the parser's", () => {
    expect(errorText('agent { policy }')).toBe(
      "Failed to parse ACL Policy: At 1:16: key 'policy' expected start of object ('{') or assignment ('=')",
    );
    expect(errorText('agent { policy = read }')).toBe(
      'Failed to parse ACL Policy: At 1:18: Unknown token: 1:18 IDENT read',
    );
    expect(errorText('agent { policy = "\\q" } @')).toBe(
      'Failed to parse ACL Policy: At 1:25: illegal char',
    );
    expect(errorText('namespace "a" { capabilities = ["read-job" "list-jobs"] }')).toBe(
      'Failed to parse ACL Policy: At 1:44: error parsing list, expected comma or list end, got: STRING',
    );
    expect(errorText('{"namespace":{"a":{"policy":01}}}')).toBe(
      'Failed to parse ACL Policy: 1:30: numbers cannot start with 0',
    );
    expect(errorText('{"a":"\\x4')).toBe(
      'Failed to parse ACL Policy: invalid acl policy: bytes.Buffer: UnreadRune: previous operation was not a successful ReadRune',
    );
  });
});

describe("the JSON and HCL spellings of Nomad's realistic policies agree", () => {
  it('a namespace with variables and an agent block', () => {
    const json =
      '{"namespace":[{"default":{"policy":"read","variables":{"path":[{"a/*":{"capabilities":["read"]}}]}}}],"agent":{"policy":"read"}}';
    const hcl =
      'namespace "default" {\n  policy = "read"\n  variables {\n    path "a/*" { capabilities = ["read"] }\n  }\n}\nagent { policy = "read" }\n';
    const a: Policy = parsePolicy(json, { strict: true });
    expect(a).toEqual(parsePolicy(hcl, { strict: true }));
  });
});
