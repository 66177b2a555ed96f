/**
 * Prints a recorded run as a runnable scenario file (`npx tsx <file>.mts`), in the style of
 * scenarios/tutorial.ts: the same cluster shape and seed, then each step as what an operator
 * would do — `nomad` commands against the same servers, with the same tokens captured from the
 * command output, rolling restarts, faults and waits. Where a reference model said what a call
 * must return, the step carries that as `expectExit` / `expectOutput` / `s.expect(...)`, so the
 * scenario fails at the step where the cluster and the model disagree. The step that failed is
 * marked THE STEP THAT FAILED, and the script fails right after it with the recorded failure
 * (`s.fail`), so the replay exits 1 there even when the failure was the test's own assertion.
 * Fault steps name the servers they struck in the recorded run (`crashLeader — hit global/server-2`).
 */
import type { ClusterShape } from './cluster-shape.js';
import { describeShape } from './cluster-shape.js';
import type { AclCall, CallerRef, TokenRef } from './acl-operations.js';
import { describeCall } from './acl-operations.js';
import type { Expectation, TextPart } from './acl-expectation.js';
import { describeAction, type FaultAction } from '../check/index.js';
import type { RunStep } from './cluster-run.js';

export interface ScenarioScriptOptions {
  readonly seed: number;
  readonly shape: ClusterShape;
  /** The non-authoritative regions replicate with the operator bootstrap secret. Default: more than one region. */
  readonly replication?: boolean;
  /** Scenario name (file name without extension). Default `acl-counterexample`. */
  readonly name?: string;
  readonly title?: string;
  /** What failed, printed in the file's comment and the scenario's `about`. */
  readonly failure?: string;
  /**
   * Index of the step that failed: marked in the script, which fails right after it (exit 1) with
   * `failure`. The step count itself: the run failed after its last step.
   */
  readonly failedStep?: number;
  /** fast-check's replay parameters, printed in the file's comment. */
  readonly replay?: { readonly seed: number; readonly path: string; readonly replayPath?: string };
  /** Where the script imports from. Default the package: `nomad-acl-sim` and `nomad-acl-sim/testing`. */
  readonly imports?: { readonly main: string; readonly testing: string };
}

const CLI_ERROR_PREFIX: Record<AclCall['op'], string> = {
  bootstrap: 'Error bootstrapping',
  'policy.write': 'Error writing ACL policy',
  'policy.delete': 'Error deleting ACL policy',
  'policy.read': 'Error fetching info on ACL policy',
  'policy.list': 'Error listing ACL policies',
  'token.create': 'Error creating token',
  'token.delete': 'Error deleting token',
  'token.read': 'Error fetching token',
  'token.list': 'Error listing ACL tokens',
  'token.self': 'Error fetching self token',
  'jobs.list': 'Error querying jobs',
};

/** A TypeScript template literal holding `text` verbatim (with `${...}` parts already spliced in `parts`); a CR is escaped, since a raw one would read back as LF. */
function template(parts: ReadonlyArray<string | { readonly code: string }>): string {
  const body = parts
    .map((part) =>
      typeof part === 'string'
        ? part
            .replace(/\\/g, '\\\\')
            .replace(/`/g, '\\`')
            .replace(/\$\{/g, '\\${')
            .replace(/\r/g, '\\r')
        : `\${${part.code}}`,
    )
    .join('');
  return `\`${body}\``;
}

/** A single-quoted TypeScript string literal for `text` (line breaks escaped, so it stays on one line). */
function quote(text: string): string {
  return `'${text
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/[\r\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/** A double-quoted word for the command line (`"`, `\\`, `$` and backquotes escaped, as a shell reads them). */
function quotedWord(text: string): string {
  return `"${text.replace(/["\\$`]/g, (c) => `\\${c}`)}"`;
}

function callerCode(caller: CallerRef): string | null {
  if (caller === 'anonymous') return null;
  return caller === 'bogus' ? 'BOGUS_SECRET' : `${caller}Secret`;
}

function targetCode(target: TokenRef): string {
  return target === 'bogus' ? 'BOGUS_ACCESSOR' : `${target}Accessor`;
}

function textParts(message: readonly TextPart[]): Array<string | { code: string }> {
  return message.map((part) => {
    if (typeof part === 'string') return part;
    return 'accessorOf' in part
      ? { code: `${part.accessorOf}Accessor` }
      : { code: `${part.createIndexOf}Index` };
  });
}

/** The first line of an expected error, as the CLI prints it after `Unexpected response code: N (`. */
function expectedErrorOutput(
  op: AclCall['op'],
  expectation: Extract<Expectation, { kind: 'error' }>,
): string {
  const parts = textParts(expectation.message);
  const firstLine: Array<string | { code: string }> = [];
  let complete = true;
  for (const part of parts) {
    if (typeof part !== 'string') {
      firstLine.push(part);
      continue;
    }
    const newline = part.indexOf('\n');
    if (newline >= 0) {
      firstLine.push(part.slice(0, newline));
      complete = false;
      break;
    }
    firstLine.push(part);
  }
  const partial = complete && expectation.match === 'exact' ? '' : ', partial: true';
  return `httpError(${expectation.status}, ${template(firstLine)}, { command: ${quote(CLI_ERROR_PREFIX[op])}${partial} })`;
}

/** The `nomad ...` command line of a call, as template-literal source, plus files it needs first. */
function commandLine(call: AclCall): { files: Array<[string, string]>; code: string } {
  const files: Array<[string, string]> = [];
  const words: Array<string | { code: string }> = [];
  const token = call.op === 'bootstrap' ? null : callerCode(call.as);
  const withToken = (...rest: Array<string | { code: string }>): void => {
    if (token !== null) words.push(' -token=', { code: token });
    words.push(...rest);
  };
  switch (call.op) {
    case 'bootstrap':
      words.push('nomad acl bootstrap');
      if (call.secret === 'operator') {
        files.push(['bootstrap.secret', 'OPERATOR_BOOTSTRAP_SECRET']);
        words.push(' bootstrap.secret');
      } else if (call.secret === 'invalid') {
        files.push(['bad.secret', 'INVALID_BOOTSTRAP_SECRET']);
        words.push(' bad.secret');
      }
      break;
    case 'policy.write': {
      const file = `${call.name}.policy.hcl`;
      files.push([file, template([call.rules])]);
      words.push('nomad acl policy apply');
      withToken(
        call.description === '' ? '' : ` -description=${quotedWord(call.description)}`,
        ` ${call.name} ${file}`,
      );
      break;
    }
    case 'policy.delete':
      words.push('nomad acl policy delete');
      withToken(` ${call.name}`);
      break;
    case 'policy.read':
      words.push('nomad acl policy info');
      withToken(` ${call.name}`);
      break;
    case 'policy.list':
      words.push('nomad acl policy list');
      withToken();
      break;
    case 'token.create':
      words.push('nomad acl token create');
      withToken(
        call.name === '' ? '' : ` -name=${quotedWord(call.name)}`,
        ` -type=${call.type}`,
        ...call.policies.map((p) => ` -policy=${p}`),
        call.global ? ' -global' : '',
      );
      break;
    case 'token.delete':
      words.push('nomad acl token delete');
      withToken(' ', { code: targetCode(call.target) });
      break;
    case 'token.read':
      words.push('nomad acl token info');
      withToken(' ', { code: targetCode(call.target) });
      break;
    case 'token.list':
      words.push('nomad acl token list');
      withToken();
      break;
    case 'token.self':
      words.push('nomad acl token self');
      withToken();
      break;
    case 'jobs.list':
      words.push('nomad status');
      withToken();
      break;
  }
  return { files, code: template(words) };
}

/** What the CLI prints when a write succeeds (checked with `expectOutput`), if anything specific. */
function successOutput(call: AclCall): string | undefined {
  switch (call.op) {
    case 'policy.write':
      return template([`Successfully wrote "${call.name}" ACL policy!`]);
    case 'policy.delete':
      return template([`Successfully deleted ${call.name} policy!`]);
    case 'token.delete':
      return template(['Token ', { code: targetCode(call.target) }, ' successfully deleted']);
    case 'jobs.list':
      return template(['No running jobs']);
    default:
      return undefined;
  }
}

interface Rendered {
  /** Options of `s.nomad` besides `server`. */
  options: string[];
  /** Statements after the command (result in `r<N>`). */
  after: string[];
  /** The result must be kept in a variable. */
  keep: boolean;
}

function tokenChecks(
  variable: string,
  expectation: Extract<Expectation, { kind: 'token' }>,
): string[] {
  const t = expectation.token;
  const checks = [
    `kvField(${variable}.stdout, 'Name') === ${quote(t.name === '' ? '<none>' : t.name)}`,
    `kvField(${variable}.stdout, 'Type') === '${t.type}'`,
    `kvField(${variable}.stdout, 'Global') === '${String(t.global)}'`,
  ];
  if (!t.fresh)
    checks.push(
      `kvField(${variable}.stdout, 'Accessor ID') === ${t.handle === 'anonymous' ? "'anonymous'" : `${t.handle}Accessor`}`,
    );
  if (t.secret !== undefined)
    checks.push(`kvField(${variable}.stdout, 'Secret ID') === OPERATOR_BOOTSTRAP_SECRET`);
  const what = `${t.fresh ? 'a new' : 'token'} ${t.global ? 'global' : 'local'} ${t.type} token${t.fresh ? '' : ` ${t.handle}`}`;
  return [`s.expect(${checks.join(' && ')}, ${quote(`expected ${what}`)});`];
}

function renderExpectation(
  call: AclCall,
  expectation: Expectation | undefined,
  variable: string,
): Rendered {
  if (expectation === undefined) return { options: ['expectExit: null'], after: [], keep: false };
  switch (expectation.kind) {
    case 'error':
      return {
        options: ['expectExit: 1', `expectOutput: ${expectedErrorOutput(call.op, expectation)}`],
        after: [],
        keep: false,
      };
    case 'ok':
    case 'jobs': {
      const output = successOutput(call);
      return {
        options: output === undefined ? [] : [`expectOutput: ${output}`],
        after: [],
        keep: false,
      };
    }
    case 'token':
      if (call.op === 'token.self' && call.as === 'anonymous') {
        // The CLI refuses before asking the API, which would answer with the anonymous token.
        return {
          options: [
            'expectExit: 1',
            "expectOutput: 'No token present in the environment or set via the CLI flag'",
          ],
          after: [],
          keep: false,
        };
      }
      return { options: [], after: tokenChecks(variable, expectation), keep: true };
    case 'policy': {
      const checks = [
        `kvField(${variable}.stdout, 'Name') === ${quote(expectation.name)}`,
        `kvField(${variable}.stdout, 'Description') === ${quote(expectation.description === '' ? '<none>' : expectation.description)}`,
        `${variable}.stdout.includes(${template([expectation.rules])})`,
      ];
      return {
        options: [],
        after: [
          `s.expect(${checks.join(' && ')}, ${quote(`expected policy ${expectation.name} as written`)});`,
        ],
        keep: true,
      };
    }
    case 'policy-names':
      return {
        options: [],
        after: [
          `s.expect(sameList(tableColumn(${variable}.stdout, 'Name'), [${expectation.names.map(quote).join(', ')}]), ${quote(`expected policies [${expectation.names.join(', ')}]`)});`,
        ],
        keep: true,
      };
    case 'token-list': {
      const compare = expectation.ordered ? 'sameList' : 'sameSet';
      const list = expectation.handles.map((h) => `${h}Accessor`).join(', ');
      return {
        options: [],
        after: [
          `s.expect(${compare}(tableColumn(${variable}.stdout, 'Accessor ID'), [${list}]), ${quote(`expected tokens [${expectation.handles.join(', ')}]${expectation.ordered ? ' in this order' : ''}`)});`,
        ],
        keep: true,
      };
    }
  }
}

/** `recordedExit`: the exit code the CLI gives for the answer the run got (when no model says what to expect). */
function renderAclStep(
  step: Extract<RunStep, { kind: 'acl' }>,
  index: number,
  written: Map<string, string>,
  recordedExit?: number,
): string[] {
  const lines: string[] = [];
  const { call } = step;
  if (step.settled) lines.push('await waitForAclSettled(s);');
  const { files, code } = commandLine(call);
  for (const [file, content] of files) {
    if (written.get(file) === content) continue;
    written.set(file, content);
    lines.push(`s.writeFile('${file}', ${content});`);
  }
  const variable = step.bound ?? `r${index + 1}`;
  const rendered =
    step.expectation === undefined && recordedExit !== undefined
      ? { options: [`expectExit: ${recordedExit}`], after: [], keep: false }
      : renderExpectation(call, step.expectation, variable);
  const mustSucceed = step.bound !== undefined && step.expectation === undefined;
  const options = [`server: '${call.via}'`, ...(mustSucceed ? [] : rendered.options)];
  const keep = rendered.keep || step.bound !== undefined;
  lines.push(
    `${keep ? `const ${variable} = ` : ''}await s.nomad(${code}, { ${options.join(', ')} });`,
  );
  lines.push(...rendered.after);
  if (step.bound !== undefined) {
    lines.push(`const ${step.bound}Accessor = kvField(${step.bound}.stdout, 'Accessor ID');`);
    lines.push(`const ${step.bound}Secret = kvField(${step.bound}.stdout, 'Secret ID');`);
    if (call.op === 'bootstrap')
      lines.push(`const ${step.bound}Index = kvField(${step.bound}.stdout, 'Create Index');`);
  }
  return lines;
}

/** A fault replays exactly through the checker's fault driver (`faultDriverFor(s.cluster)`). */
function renderFault(action: FaultAction, hit: readonly string[]): string[] {
  return [
    `s.note(${quote(`fault: ${describeAction(action)}${hitText(hit)}`)});`,
    `faults.apply(${JSON.stringify(action)
      .replace(/"([a-zA-Z]+)":/g, '$1: ')
      .replace(/,(?=[a-zA-Z])/g, ', ')
      .replace(/"/g, "'")});`,
  ];
}

/** What the run struck with a fault, for the step's title: ` — hit global/server-2` (empty when nothing). */
function hitText(hit: readonly string[]): string {
  return hit.length === 0 ? '' : ` — hit ${hit.join(', ')}`;
}

function renderStep(
  step: RunStep,
  index: number,
  options: ScenarioScriptOptions,
  written: Map<string, string>,
): string[] {
  const failed = options.failedStep === index;
  const marker = failed ? ' — THE STEP THAT FAILED' : '';
  switch (step.kind) {
    case 'acl': {
      const title = `${index + 1}. ${describeCall(step.call)}${marker}`;
      // Without a model, the step that failed still checks that the replay answers as the run did.
      const recordedExit = failed && step.status >= 0 ? (step.status === 200 ? 0 : 1) : undefined;
      return [`s.step(${quote(title)});`, ...renderAclStep(step, index, written, recordedExit)];
    }
    case 'restart-in-order': {
      const refs = step.order.map((p) => `${step.region}/server-${p + 1}`);
      return [
        `s.step(${quote(`${index + 1}. rolling restart of ${step.region}: ${refs.join(', ')}${marker}`)});`,
        ...refs.map((ref) => `await s.restart('${ref}');`),
      ];
    }
    case 'fault':
      return [
        `s.step(${quote(`${index + 1}. ${describeAction(step.action)}${hitText(step.hit)}${marker}`)});`,
        ...renderFault(step.action, step.hit),
      ];
    case 'wait':
      return [`await s.wait(${step.ms});${failed ? ' // the step that failed' : ''}`];
  }
}

/**
 * Fails the scenario (exit 1) with the recorded failure right after the step that failed, in case
 * the step's own expectations pass on replay. Only when a failed step is given (`failedStep`
 * past the last step: after every step).
 */
function failLine(options: ScenarioScriptOptions, stepCount: number): string[] {
  if (options.failedStep === undefined) return [];
  const where =
    options.failedStep < stepCount
      ? `at step ${options.failedStep + 1}`
      : stepCount === 0
        ? 'before its first step'
        : 'after its last step';
  return [
    `s.fail(${quote(`the recorded run failed ${where}${options.failure === undefined ? '' : `: ${options.failure}`}`)});`,
  ];
}

function commentBlock(text: string): string[] {
  return text
    .split('\n')
    .map((line) => (line === '' ? ' *' : ` * ${line.replace(/\*\//g, '* /')}`));
}

/** The scenario file for `steps` (see the module comment). */
export function formatCounterexampleScenario(
  steps: readonly RunStep[],
  options: ScenarioScriptOptions,
): string {
  const name = options.name ?? 'acl-counterexample';
  const title = options.title ?? 'Counterexample found by a property test';
  const imports = options.imports ?? { main: 'nomad-acl-sim', testing: 'nomad-acl-sim/testing' };
  const replication = options.replication ?? options.shape.regions.length > 1;
  const others = options.shape.regions
    .map((r) => r.name)
    .filter((r) => r !== options.shape.authoritativeRegion);
  const about = [
    `Replays, with the nomad CLI, the shortest sequence a property test found on ${describeShape(options.shape)}.`,
    options.failure === undefined ? '' : `It failed with: ${options.failure}`,
  ]
    .filter((line) => line !== '')
    .join('\n');
  const header = [
    '/**',
    ...commentBlock(
      `${title}\n\n${about}\n\nSimulation seed ${options.seed}.${options.replay === undefined ? '' : ` Property replay: fast-check { seed: ${options.replay.seed}, path: ${JSON.stringify(options.replay.path)}${options.replay.replayPath === undefined ? '' : `, replayPath: ${JSON.stringify(options.replay.replayPath)}`} }.`}\nSave as ${name}.mts (or .ts in an ESM project) and run: npx tsx ${name}.mts [--seed N] [--trace FILE]${options.failedStep === undefined ? '' : '\nIt stops at the step marked THE STEP THAT FAILED with SCENARIO FAILED and exit code 1.'}`,
    ),
    ' */',
  ];
  const written = new Map<string, string>();
  const body: string[] = [];
  if (steps.some((step) => step.kind === 'fault'))
    body.push('const faults = faultDriverFor(s.cluster);');
  if (replication && others.length > 0) {
    body.push(
      `s.say(${quote('The other regions replicate with the operator bootstrap secret as their replication token; they start using it once a bootstrap with that secret lands in the authoritative region.')});`,
    );
    for (const region of others) {
      body.push(
        `s.editConfig('${region}', (text) => withReplicationToken(text, OPERATOR_BOOTSTRAP_SECRET), 'acl { replication_token = "<operator bootstrap secret>" }');`,
      );
      body.push(`await s.rollingRestart('${region}');`);
    }
  }
  steps.forEach((step, index) => {
    body.push(...renderStep(step, index, options, written));
    if (index === options.failedStep) body.push(...failLine(options, steps.length));
  });
  if (options.failedStep !== undefined && options.failedStep >= steps.length)
    body.push(...failLine(options, steps.length));
  const info = [
    `name: ${quote(name)}`,
    `title: ${quote(title)}`,
    `about: ${template([about])}`,
    `regions: [${options.shape.regions.map((r) => `{ name: '${r.name}', servers: ${r.servers} }`).join(', ')}]`,
    `authoritativeRegion: '${options.shape.authoritativeRegion}'`,
    'aclEnabled: true',
    `defaultSeed: ${options.seed}`,
  ];
  const code = body.join('\n');
  const used = (names: readonly string[]): string =>
    names.filter((n) => new RegExp(`\\b${n}\\b`).test(code)).join(', ');
  const fromTesting = used([
    'BOGUS_ACCESSOR',
    'BOGUS_SECRET',
    'INVALID_BOOTSTRAP_SECRET',
    'OPERATOR_BOOTSTRAP_SECRET',
    'faultDriverFor',
    'sameList',
    'sameSet',
    'tableColumn',
    'waitForAclSettled',
  ]);
  return [
    ...header,
    `import { defineScenario, ${used(['httpError', 'kvField', 'withReplicationToken'])}${used(['httpError', 'kvField', 'withReplicationToken']) === '' ? '' : ', '}runScenarioMain } from '${imports.main}';`,
    ...(fromTesting === '' ? [] : [`import { ${fromTesting} } from '${imports.testing}';`]),
    '',
    'export const scenario = defineScenario(',
    '  {',
    ...info.map((line) => `    ${line},`),
    '  },',
    '  async (s) => {',
    ...body.map((line) => `    ${line}`),
    '  },',
    ');',
    '',
    'export default scenario;',
    'await runScenarioMain(scenario, import.meta.url);',
    '',
  ].join('\n');
}
