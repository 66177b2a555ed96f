/**
 * The word rules of `nomad-sim shell`: quoting, variable expansion, assignments, redirections,
 * here-documents, command substitution (what `$(...)` holds, handed to the interpreter), and the
 * one-line refusals of what a real shell has and this one does not.
 */
import { describe, expect, it } from 'vitest';
import {
  continuesOnNextLine,
  expandHereDocument,
  parseCommandLine,
  ShellSyntaxError,
} from '../src/scenario/shell/shell-syntax.js';

const vars: Record<string, string> = { T: 'secret-1', HOME: '/home/operator', '?': '3' };
const lookup = (name: string): string | undefined => vars[name];
const parse = (line: string) => parseCommandLine(line, lookup);

describe('shell syntax', () => {
  it('splits words with quotes as the tutorial writes them', () => {
    expect(
      parse(
        'nomad acl token create -type="management" -global=true -name="Cluster A Replication Token"',
      ).words,
    ).toEqual([
      'nomad',
      'acl',
      'token',
      'create',
      '-type=management',
      '-global=true',
      '-name=Cluster A Replication Token',
    ]);
    expect(parse(`echo 'a  "b"' "c 'd'" e\\ f ""`).words).toEqual([
      'echo',
      'a  "b"',
      "c 'd'",
      'e f',
      '',
    ]);
  });

  it('expands $NAME, ${NAME} and $? outside single quotes; unset names expand to nothing', () => {
    expect(parse('echo $T "${T}x" \'$T\' $NOPE "$NOPE" $? cost$').words).toEqual([
      'echo',
      'secret-1',
      'secret-1x',
      '$T',
      '',
      '3',
      'cost$',
    ]); // an unquoted empty expansion leaves no word, a quoted one an empty word
    expect(parse('$NOPE').words).toEqual([]);
  });

  it('hands each $(...) to the interpreter, left to right, nested ones and quotes kept inside', () => {
    const seen: string[] = [];
    const substitute = (text: string): string => {
      seen.push(text);
      return `<${seen.length}>`;
    };
    const command = parseCommandLine(
      'export T=$(cat a.txt) "x$(echo \')\' "(b)")y" \'$(no)\' $(echo $(cat b) ")") z$()',
      lookup,
      substitute,
    );
    expect(seen).toEqual(['cat a.txt', `echo ')' "(b)"`, 'echo $(cat b) ")"', '']);
    expect(command.words).toEqual(['export', 'T=<1>', 'x<2>y', '$(no)', '<3>', 'z<4>']);
    const assignment = parseCommandLine('T=$(cat secret) nomad status', lookup, () => 'abc def');
    expect(assignment.assignments).toEqual([{ name: 'T', value: 'abc def' }]); // never split
    const split = (line: string) => parseCommandLine(line, lookup, () => ' a  b\nc ').words;
    expect(split('echo x$(cat f)y "$(cat f)" export A=$(cat f)')).toEqual([
      'echo',
      'x',
      'a',
      'b',
      'c',
      'y',
      ' a  b\nc ',
      'export',
      'A= a  b\nc ',
    ]); // unquoted results are split at blanks, as sh does, except after NAME=
    expect(expandHereDocument('token = "$(cat t)"\n', lookup, () => 's-1')).toBe('token = "s-1"\n');
    expect(() => parseCommandLine('echo $(cat a', lookup, substitute)).toThrow('unterminated $(');
    expect(() => parseCommandLine('echo $((1+2))', lookup, substitute)).toThrow('arithmetic');
  });

  it('takes leading NAME=value words as assignments, later ones as arguments', () => {
    const command = parse('NOMAD_TOKEN=$T NOMAD_REGION=europe nomad status X=1');
    expect(command.assignments).toEqual([
      { name: 'NOMAD_TOKEN', value: 'secret-1' },
      { name: 'NOMAD_REGION', value: 'europe' },
    ]);
    expect(command.words).toEqual(['nomad', 'status', 'X=1']);
    expect(parse('"A=1" echo').assignments).toEqual([]);
  });

  it('reads output redirections and here-documents', () => {
    expect(parse('echo 9 >> /opt/nomad/data/server/acl-bootstrap-reset')).toMatchObject({
      words: ['echo', '9'],
      redirection: { append: true, target: '/opt/nomad/data/server/acl-bootstrap-reset' },
    });
    expect(parse("cat > p.hcl <<'EOF'")).toMatchObject({
      words: ['cat'],
      redirection: { append: false, target: 'p.hcl' },
      hereDocument: { delimiter: 'EOF', literal: true },
    });
    expect(parse('cat <<END').hereDocument).toEqual({ delimiter: 'END', literal: false });
    expect(parse('echo a # a comment').words).toEqual(['echo', 'a']);
  });

  it('refuses pipes, lists, command substitution and input files in one line each', () => {
    for (const [line, text] of [
      ['echo a | cat', 'pipes'],
      ['echo a; echo b', '; is not supported'],
      ['echo a && echo b', '&& is not supported'],
      ['export T=$(nomad acl bootstrap)', 'needs the shell to run the command'],
      ['echo `date`', 'use $(...)'],
      ['cat < p.hcl', 'input redirection'],
      ["echo 'open", 'unterminated single quote'],
      ['echo "open', 'unterminated double quote'],
      ['echo >', 'needs a file name'],
    ] as const) {
      expect(() => parse(line), line).toThrow(ShellSyntaxError);
      expect(() => parse(line), line).toThrow(text);
    }
  });

  it('expands here-document bodies unless the delimiter was quoted (the caller decides)', () => {
    expect(expandHereDocument('token = "$T"\ncost = \\$5\n', lookup)).toBe(
      'token = "secret-1"\ncost = $5\n',
    );
  });

  it('knows a trailing backslash continues the command', () => {
    expect(continuesOnNextLine('nomad acl token create \\')).toBe(true);
    expect(continuesOnNextLine('echo a\\\\')).toBe(false);
  });
});
