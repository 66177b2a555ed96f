/**
 * The campaign examples in examples/ are well-formed for their engines and run the command they
 * claim: the Nomad job parses with the project's own HCL reader, the Kubernetes Job and the GitHub
 * Actions workflow parse as YAML and match a schema of the fields they use, and in each the
 * `nomad-sim campaign` command line, with the engine's index and count filled in for every copy,
 * parses and names shards 1/N … N/N of the same seeds, where N is the engine's number of copies.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseHcl, type HclObject, type HclValue } from '../src/hcl/index.js';
import { parseCampaignArgs, type CampaignOptions } from '../src/program/campaign-args.js';

const examples = join(import.meta.dirname, '..', 'examples');
const read = (name: string) => readFileSync(join(examples, name), 'utf8');

// --- a small schema checker: predicates, required keys (`key?` optional), lists of one schema ---

type Check = (value: unknown) => true | string;
type Schema = Check | readonly [Schema] | { readonly [key: string]: Schema };

function problems(value: unknown, schema: Schema, path = '$'): string[] {
  if (typeof schema === 'function') {
    const verdict = schema(value);
    return verdict === true ? [] : [`${path}: ${verdict}`];
  }
  if (Array.isArray(schema)) {
    if (!Array.isArray(value) || value.length === 0) return [`${path}: expected a non-empty list`];
    return value.flatMap((item, i) => problems(item, schema[0] as Schema, `${path}[${i}]`));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`${path}: expected an object`];
  const object = value as Record<string, unknown>;
  return Object.entries(schema as Record<string, Schema>).flatMap(([key, inner]) => {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    if (!(name in object)) return optional ? [] : [`${path}.${name}: missing`];
    return problems(object[name], inner, `${path}.${name}`);
  });
}

const str: Check = (v) => (typeof v === 'string' && v !== '') || 'expected a string';
const posInt: Check = (v) =>
  (Number.isInteger(v) && (v as number) > 0) || 'expected a positive whole number';
const bool: Check = (v) => typeof v === 'boolean' || 'expected true or false';
const oneOf =
  (...allowed: unknown[]): Check =>
  (v) =>
    allowed.includes(v) || `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
const stringMap: Check = (v) =>
  (typeof v === 'object' &&
    v !== null &&
    Object.values(v).every(
      (x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean',
    )) ||
  'expected a map of strings';
const step: Check = (v) => {
  const s = v as Record<string, unknown>;
  if (typeof s !== 'object' || s === null) return 'expected a step';
  if ((typeof s.uses === 'string') === (typeof s.run === 'string'))
    return 'a step has either uses or run';
  const unknown = Object.keys(s).filter(
    (k) => !['uses', 'run', 'name', 'with', 'env', 'if'].includes(k),
  );
  if (unknown.length > 0) return `unknown step keys ${unknown.join(', ')}`;
  return (
    (['with', 'env'] as const).every((k) => s[k] === undefined || stringMap(s[k]) === true) ||
    'with/env must map names to strings'
  );
};

// --- the campaign command inside a shell script, with the engine's variables filled in ---

/** Expands `$NAME`, `"$NAME"` and `$((NAME + 1))` from `env` and splits the words (double quotes only). */
function commandWords(line: string, env: Record<string, string>): string[] {
  const value = (name: string): string => {
    const v = env[name];
    if (v === undefined)
      throw new Error(`the example uses $${name}, which its engine does not set here`);
    return v;
  };
  const expanded = line
    .replace(/\$\(\((\w+) \+ 1\)\)/g, (_, name: string) => String(Number(value(name)) + 1))
    .replace(/\$(\w+)/g, (_, name: string) => value(name));
  return [...expanded.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? (m[2] as string));
}

/** The options of the `nomad-sim campaign` line of `script`. */
function campaignOptions(script: string, env: Record<string, string>): CampaignOptions {
  const line = script.split('\n').find((l) => l.includes('nomad-sim campaign '));
  if (line === undefined) throw new Error('no nomad-sim campaign line');
  const words = commandWords(
    line
      .slice(line.indexOf('nomad-sim campaign ') + 'nomad-sim campaign '.length)
      .replace(/\s*\|\|.*$/, ''),
    env,
  );
  const parsed = parseCampaignArgs(words);
  if ('error' in parsed) throw new Error(`${words.join(' ')}: ${parsed.error}`);
  if (parsed.command !== 'run') throw new Error(`not a campaign run: ${words.join(' ')}`);
  return parsed.options;
}

/** Every copy's options, for indices 0 … count-1: the same seeds and flags (the output file may be
 * named after the shard), shards 1/count … count/count. */
function expectShards(count: number, optionsOf: (index: number) => CampaignOptions): void {
  const all = Array.from({ length: count }, (_, i) => optionsOf(i));
  expect(all.map((o) => o.shard)).toEqual(
    Array.from({ length: count }, (_, i) => ({ index: i + 1, count })),
  );
  for (const options of all)
    expect({ ...options, shard: null, out: null }).toEqual({ ...all[0], shard: null, out: null });
}

// --- HCL to plain values (repeated blocks become lists) ---

function plain(value: HclValue): unknown {
  if (value.kind === 'object') return plainObject(value);
  if (value.kind === 'list') return value.items.map(plain);
  return value.kind === 'null' ? null : value.value;
}

function plainObject(object: HclObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of object.items) {
    let target = out;
    const keys = item.keys.map((k) => k.name);
    for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    const last = keys[keys.length - 1] as string;
    const value = plain(item.value);
    target[last] = last in target ? [target[last], value].flat() : value;
  }
  return out;
}

describe('campaign examples', () => {
  it('the Nomad batch job parses with our HCL reader, is parameterized, and gives each allocation its shard', () => {
    const job = plainObject(parseHcl(read('nomad-campaign.nomad.hcl')).body);
    const schema: Schema = {
      job: {
        'nomad-sim-campaign': {
          type: oneOf('batch'),
          datacenters: [str],
          parameterized: {
            payload: oneOf('forbidden', 'optional'),
            meta_required: [str],
            meta_optional: [str],
          },
          meta: { regions: str, duration: str, shards: str },
          group: {
            shards: {
              count: posInt,
              ephemeral_disk: { sticky: bool, migrate: bool, size: posInt },
              task: {
                campaign: {
                  driver: oneOf('docker'),
                  kill_timeout: str,
                  artifact: { source: str, destination: str },
                  template: { destination: str, perms: str, data: str },
                  config: { image: str, command: str, args: [str] },
                  resources: { cores: posInt, memory: posInt },
                },
              },
            },
          },
        },
      },
    };
    expect(problems(job, schema)).toEqual([]);
    const spec = (job.job as Record<string, Record<string, any>>)['nomad-sim-campaign'] as Record<
      string,
      any
    >; // any: checked by the schema above
    const group = spec.group.shards;
    const task = group.task.campaign;
    expect(spec.parameterized.meta_required).toEqual(['seeds', 'source']);
    expect(Number(spec.meta.shards)).toBe(group.count);
    expect(task.config.args).toEqual([task.template.destination]);
    const env = (index: number) => ({
      NOMAD_META_seeds: '1..10000',
      NOMAD_META_regions: spec.meta.regions,
      NOMAD_META_duration: spec.meta.duration,
      NOMAD_META_shards: spec.meta.shards,
      NOMAD_ALLOC_INDEX: String(index),
      NOMAD_ALLOC_DIR: '/alloc',
    });
    expectShards(group.count, (i) => campaignOptions(task.template.data, env(i)));
    expect(campaignOptions(task.template.data, env(0))).toMatchObject({
      seeds: { from: 1, to: 10_000 },
      out: '/alloc/data/shard.jsonl',
      resume: true,
      chaosArgv: ['--regions', 'global:3,europe:3,asia:3', '--duration', '10m'],
    });
  });

  it('the Kubernetes Indexed Job matches the schema of the fields it uses and gives each pod its shard', () => {
    const job = parseYaml(read('kubernetes-campaign-job.yaml')) as unknown;
    const container: Schema = {
      name: str,
      image: str,
      env: [{ name: str, value: str }],
      command: [str],
      args: [str],
      resources: { requests: { cpu: str, memory: str }, limits: { cpu: str, memory: str } },
    };
    const schema: Schema = {
      apiVersion: oneOf('batch/v1'),
      kind: oneOf('Job'),
      metadata: { name: str },
      spec: {
        completionMode: oneOf('Indexed'),
        completions: posInt,
        parallelism: posInt,
        backoffLimit: posInt,
        template: {
          'metadata?': { labels: stringMap },
          spec: { restartPolicy: oneOf('Never', 'OnFailure'), containers: [container] },
        },
      },
    };
    expect(problems(job, schema)).toEqual([]);
    const spec = (
      job as {
        spec: {
          completions: number;
          parallelism: number;
          template: {
            spec: {
              containers: Array<{
                env: Array<{ name: string; value: string }>;
                command: string[];
                args: string[];
              }>;
            };
          };
        };
      }
    ).spec;
    const main = spec.template.spec.containers[0] as (typeof spec.template.spec.containers)[number];
    const vars = Object.fromEntries(main.env.map((e) => [e.name, e.value]));
    expect(Number(vars.SHARDS)).toBe(spec.completions);
    expect(spec.parallelism).toBeLessThanOrEqual(spec.completions);
    expect(main.command).toEqual(['/bin/sh', '-c']);
    expectShards(spec.completions, (i) =>
      campaignOptions(main.args[0] as string, { ...vars, JOB_COMPLETION_INDEX: String(i) }),
    );
    expect(
      campaignOptions(main.args[0] as string, { ...vars, JOB_COMPLETION_INDEX: '0' }),
    ).toMatchObject({ out: null, workers: 2 }); // lines on stdout, for the logs
  });

  it('the GitHub Actions matrix matches the schema of the fields it uses and gives each job its shard', () => {
    const workflow = parseYaml(read('github-actions-campaign.yml')) as unknown;
    const input = { description: str, required: bool, default: str };
    const schema: Schema = {
      name: str,
      on: { workflow_dispatch: { inputs: { seeds: input, regions: input, duration: input } } },
      jobs: {
        shard: {
          'runs-on': str,
          'timeout-minutes': posInt,
          strategy: { 'fail-fast': bool, matrix: { shard: [posInt] } },
          steps: [step],
        },
        merge: { needs: oneOf('shard'), 'if?': str, 'runs-on': str, steps: [step] },
      },
    };
    expect(problems(workflow, schema)).toEqual([]);
    type Step = {
      uses?: string;
      run?: string;
      env?: Record<string, string>;
      with?: Record<string, string>;
    };
    const w = workflow as {
      on: { workflow_dispatch: { inputs: Record<string, { default: string }> } };
      jobs: {
        shard: { strategy: { matrix: { shard: number[] } }; steps: Step[] };
        merge: { steps: Step[] };
      };
    };
    const shards = w.jobs.shard.strategy.matrix.shard;
    const run = w.jobs.shard.steps.find(
      (s) => s.run?.includes('nomad-sim campaign') === true,
    ) as Step;
    expect(run.env).toMatchObject({
      SHARD: '${{ strategy.job-index }}',
      SHARDS: '${{ strategy.job-total }}',
    });
    const inputs = w.on.workflow_dispatch.inputs;
    const env = (index: number) => ({
      SEEDS: inputs.seeds?.default ?? '',
      REGIONS: inputs.regions?.default ?? '',
      DURATION: inputs.duration?.default ?? '',
      SHARD: String(index),
      SHARDS: String(shards.length),
    });
    expectShards(shards.length, (i) => campaignOptions(run.run as string, env(i)));
    expect(campaignOptions(run.run as string, env(1)).out).toBe('shard-2.jsonl');
    const upload = w.jobs.shard.steps.find(
      (s) => s.uses?.startsWith('actions/upload-artifact@') === true,
    );
    expect(upload?.with?.path).toContain('shard-*.jsonl');
    const merge = w.jobs.merge.steps.find(
      (s) => s.run?.includes('nomad-sim campaign merge') === true,
    );
    expect(merge?.run).toContain('results/shard-*.jsonl');
  });
});
