/**
 * Reads the tiny job files the simulator's scenarios use:
 *
 *   job "example" {
 *     type        = "service"
 *     datacenters = ["dc1"]
 *     group "web" { count = 2 }
 *   }
 *
 * Only what the simulated cluster stores is read: the job ID (the block label), `name`, `type`
 * (default `service`), `namespace`, `region`, `priority` (default 50), `datacenters`, and each
 * `group` with its `count` (default 1). Everything else in the file (tasks, drivers, resources)
 * is accepted and ignored. The text is read with the project's HCL reader, so syntax errors come
 * with `At line:column` positions. Nomad's real job parser (HCL2 with jobspec validation) is
 * not emulated; its error texts differ.
 */
import {
  entriesNamed,
  type HclObject,
  HclSyntaxError,
  type HclValue,
  lastEntry,
  parseHcl,
  takeLabel,
} from '../../../hcl/index.js';

export interface JobFileGroup {
  readonly Name: string;
  readonly Count: number;
}

export interface JobFile {
  readonly ID: string;
  readonly Name: string;
  readonly Type: string;
  /** `undefined` when the file does not say (the CLI's namespace applies). */
  readonly Namespace: string | undefined;
  /** `undefined` when the file does not say (the CLI's region applies). */
  readonly Region: string | undefined;
  readonly Priority: number;
  readonly Datacenters: readonly string[];
  readonly TaskGroups: readonly JobFileGroup[];
}

export type JobFileParse =
  | { readonly ok: true; readonly job: JobFile }
  | { readonly ok: false; readonly reason: string };

class JobFileError extends Error {}

function stringAttribute(body: HclObject, name: string): string | undefined {
  const entry = lastEntry(body, name);
  if (entry === undefined) return undefined;
  if (entry.value.kind !== 'string')
    throw new JobFileError(
      `At ${entry.key.pos.line}:${entry.key.pos.column}: ${name} must be a string`,
    );
  return entry.value.value;
}

function numberAttribute(body: HclObject, name: string, fallback: number): number {
  const entry = lastEntry(body, name);
  if (entry === undefined) return fallback;
  if (entry.value.kind !== 'number' || !Number.isInteger(entry.value.value)) {
    throw new JobFileError(
      `At ${entry.key.pos.line}:${entry.key.pos.column}: ${name} must be a whole number`,
    );
  }
  return entry.value.value;
}

function stringListAttribute(body: HclObject, name: string): string[] {
  const entry = lastEntry(body, name);
  if (entry === undefined) return [];
  const value = entry.value;
  if (value.kind !== 'list' || !value.items.every((item) => item.kind === 'string')) {
    throw new JobFileError(
      `At ${entry.key.pos.line}:${entry.key.pos.column}: ${name} must be a list of strings`,
    );
  }
  return value.items.map((item) => (item.kind === 'string' ? item.value : ''));
}

function objectBody(value: HclValue, what: string): HclObject {
  if (value.kind !== 'object')
    throw new JobFileError(`At ${value.pos.line}:${value.pos.column}: ${what} must be a block`);
  return value;
}

function readGroups(job: HclObject): JobFileGroup[] {
  return entriesNamed(job, 'group').map((entry) => {
    const { label, body } = takeLabel(entry);
    if (label === null)
      throw new JobFileError(
        `At ${entry.key.pos.line}:${entry.key.pos.column}: group needs a name label`,
      );
    return { Name: label.name, Count: numberAttribute(objectBody(body, 'group'), 'count', 1) };
  });
}

function readJob(root: HclObject): JobFile {
  const jobs = entriesNamed(root, 'job');
  const entry = jobs[0];
  if (entry === undefined) throw new JobFileError('no job block found');
  if (jobs.length > 1) throw new JobFileError('only one job block is allowed');
  const { label, body: value } = takeLabel(entry);
  if (label === null)
    throw new JobFileError(
      `At ${entry.key.pos.line}:${entry.key.pos.column}: job needs an ID label`,
    );
  const body = objectBody(value, 'job');
  return {
    ID: label.name,
    Name: stringAttribute(body, 'name') ?? label.name,
    Type: stringAttribute(body, 'type') ?? 'service',
    Namespace: stringAttribute(body, 'namespace'),
    Region: stringAttribute(body, 'region'),
    Priority: numberAttribute(body, 'priority', 50),
    Datacenters: stringListAttribute(body, 'datacenters'),
    TaskGroups: readGroups(body),
  };
}

/** Parses a job file; failures carry a reason (never throws for bad text). */
export function parseJobFile(text: string): JobFileParse {
  try {
    return { ok: true, job: readJob(parseHcl(text).body) };
  } catch (error) {
    if (error instanceof HclSyntaxError || error instanceof JobFileError)
      return { ok: false, reason: error.message };
    throw error;
  }
}
