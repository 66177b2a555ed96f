/**
 * `nomad job status [id]` (also `nomad status`), `nomad job run <file>` (also `nomad run`) and
 * `nomad job stop <id>` (also `nomad stop`): the minimal job surface the ACL scenarios need.
 *
 * Requests:
 * - status: GET /v1/jobs (list); with an ID, GET /v1/jobs?prefix=<id> then GET /v1/job/<id> with
 *   `namespace=<the job's namespace>`;
 * - run: PUT /v1/jobs with `{Job: {Region, Namespace, ID, Name, Type, Priority, Datacenters,
 *   TaskGroups: [{Name, Count}]}}`; a `region` in the file also becomes the request's region, as
 *   Nomad's `job run` does. Response used: `{EvalID, Warnings}`;
 * - stop: GET /v1/jobs?prefix=<id>, then DELETE /v1/job/<id> with `purge=true|false` and the
 *   job's namespace. Response used: `{EvalID}`.
 *
 * Outputs follow Nomad's texts (`No running jobs`, `No job(s) with prefix or id "x" found`,
 * `Prefix matched multiple jobs`, `Job registration successful` + `Evaluation ID: <id>`, the stop
 * confirmation for a prefix match). Nomad would then monitor the evaluation; the emulator prints
 * what Nomad prints with `-detach` (run: the two lines above; stop: the evaluation ID).
 */
import type { JsonValue } from '../../../server/http.js';
import { goQuote } from '../../../go/quote.js';
import { asArray, asObject, type JsonObject, readString } from '../../format/json-read.js';
import type { NomadApiClient } from '../api-client.js';
import type { CommandEnv, LeafCommand } from '../command.js';
import { argumentError, parseCommand, readFileArgument } from '../command-support.js';
import { leafHelp } from '../help.js';
import { formatJobHeader, formatJobList, jobNamespace } from './job-output.js';
import { parseJobFile, type JobFile } from './job-file.js';

/** The `namespace` parameter that pins a request to a job's namespace (none when unknown). */
function namespaceQuery(job: JsonObject): Record<string, string> {
  const namespace = jobNamespace(job);
  return namespace === '' ? {} : { namespace };
}

type PrefixLookup =
  | { readonly ok: true; readonly job: JsonObject }
  | { readonly ok: false; readonly exitCode: number };

/** Nomad's prefix lookup: exactly one match (or an exact ID among several), else an error. */
async function lookupJob(
  client: NomadApiClient,
  env: CommandEnv,
  prefix: string,
  errorPrefix: string,
): Promise<PrefixLookup> {
  const outcome = await client.get('/v1/jobs', { prefix });
  if (!outcome.ok) {
    env.ui.error(`${errorPrefix}: ${outcome.message}`);
    return { ok: false, exitCode: 1 };
  }
  const jobs = asArray(outcome.body).map(asObject);
  const first = jobs[0];
  if (first === undefined) {
    env.ui.error(`No job(s) with prefix or id ${goQuote(prefix)} found`);
    return { ok: false, exitCode: 1 };
  }
  const allNamespaces = client.settings.namespace === '*';
  if (jobs.length > 1 && (allNamespaces || prefix.trim() !== readString(first, 'ID'))) {
    env.ui.error(`Prefix matched multiple jobs\n\n${formatJobList(jobs, allNamespaces)}`);
    return { ok: false, exitCode: 1 };
  }
  return { ok: true, job: first };
}

async function listJobs(client: NomadApiClient, env: CommandEnv): Promise<number> {
  const outcome = await client.get('/v1/jobs');
  if (!outcome.ok) {
    env.ui.error(`Error querying jobs: ${outcome.message}`);
    return 1;
  }
  const jobs = asArray(outcome.body).map(asObject);
  if (jobs.length === 0) env.ui.output('No running jobs');
  else env.ui.output(formatJobList(jobs, client.settings.namespace === '*'));
  return 0;
}

async function showJob(client: NomadApiClient, env: CommandEnv, prefix: string): Promise<number> {
  const found = await lookupJob(client, env, prefix, 'Error querying job');
  if (!found.ok) return found.exitCode;
  const id = readString(found.job, 'ID');
  const outcome = await client.get(`/v1/job/${id}`, namespaceQuery(found.job));
  if (!outcome.ok) {
    env.ui.error(`Error querying job: ${outcome.message}`);
    return 1;
  }
  env.ui.output(formatJobHeader(asObject(outcome.body), env.cli.jobStatusShowsNodePool));
  return 0;
}

function jobStatusCommand(name: string): LeafCommand {
  return {
    kind: 'leaf',
    name,
    synopsis:
      name === 'status'
        ? 'Display the status output for a resource'
        : 'Display status information about a job',
    help() {
      return leafHelp(
        `${name} [options] <job>`,
        "Display status information about a job. If no job ID is given, a list of all\nknown jobs will be displayed.\n\nWhen ACLs are enabled, this command requires a token with the 'read-job' and\n'list-jobs' capabilities for the job's namespace.",
        'Status',
        [],
      );
    },
    async run(argv, env) {
      const parsed = parseCommand(this, argv, env, () => undefined);
      if (typeof parsed === 'number') return parsed;
      const { args, client } = parsed;
      if (args.length > 1)
        return argumentError(this, env, 'This command takes either one or no arguments');
      const [prefix] = args;
      return prefix === undefined ? listJobs(client, env) : showJob(client, env, prefix);
    },
  };
}

export const jobStatusListCommand = jobStatusCommand('job status');
export const statusCommand = jobStatusCommand('status');

function registerBody(job: JobFile, client: NomadApiClient): JsonValue {
  return {
    Job: {
      Region: job.Region ?? (client.settings.region || 'global'),
      Namespace: job.Namespace ?? (client.settings.namespace || 'default'),
      ID: job.ID,
      Name: job.Name,
      Type: job.Type,
      Priority: job.Priority,
      Datacenters: [...job.Datacenters],
      TaskGroups: job.TaskGroups.map((g) => ({ Name: g.Name, Count: g.Count })),
    },
  };
}

function jobRunCommand(name: string): LeafCommand {
  return {
    kind: 'leaf',
    name,
    synopsis: 'Run a new job or update an existing job',
    help() {
      return leafHelp(
        `${name} [options] <path>`,
        "Starts running a new job or updates an existing job using the specification\nlocated at <path>. This is the main command used to interact with Nomad.\n\nWhen ACLs are enabled, this command requires a token with the 'submit-job'\ncapability for the job's namespace.",
        'Run',
        [{ flag: '-detach', text: 'Return immediately instead of entering monitor mode.' }],
      );
    },
    async run(argv, env) {
      const parsed = parseCommand(this, argv, env, (flags) => flags.bool('detach').bool('verbose'));
      if (typeof parsed === 'number') return parsed;
      const { args, client } = parsed;
      const [path] = args;
      if (args.length !== 1 || path === undefined)
        return argumentError(this, env, 'This command takes one argument: <path>');
      const read = readFileArgument(env, path);
      if (!read.ok) {
        env.ui.error(
          `Error getting job struct: Error getting jobfile from ${goQuote(path)}: ${read.reason}`,
        );
        return 1;
      }
      const spec = parseJobFile(read.text);
      if (!spec.ok) {
        env.ui.error(
          `Error getting job struct: Error parsing job file from ${path}: ${spec.reason}`,
        );
        return 1;
      }
      const query = spec.job.Region === undefined ? {} : { region: spec.job.Region };
      const outcome = await client.put('/v1/jobs', registerBody(spec.job, client), query);
      if (!outcome.ok) {
        env.ui.error(`Error submitting job: ${outcome.message}`);
        return 1;
      }
      const response = asObject(outcome.body);
      const warnings = readString(response, 'Warnings');
      if (warnings !== '') env.ui.output(`Job Warnings:\n${warnings}\n`);
      env.ui.output('Job registration successful');
      env.ui.output(`Evaluation ID: ${readString(response, 'EvalID')}`);
      return 0;
    },
  };
}

export const jobRunCommandJob = jobRunCommand('job run');
export const runCommand = jobRunCommand('run');

/** Nomad's stop confirmation for a prefix match; true to go on, else the exit code. */
function confirmStop(env: CommandEnv, id: string): true | number {
  const answer = env.ui.ask(`Are you sure you want to stop job ${goQuote(id)}? [y/N]`) ?? '';
  const lower = answer.toLowerCase();
  if (answer === '' || lower.startsWith('n')) {
    env.ui.output('Cancelling job stop');
    return 0;
  }
  if (lower.startsWith('y') && answer.length > 1) {
    env.ui.output('For confirmation, an exact ‘y’ is required.');
    return 0;
  }
  if (answer !== 'y') {
    env.ui.output("No confirmation detected. For confirmation, an exact 'y' is required.");
    return 1;
  }
  return true;
}

function jobStopCommand(name: string): LeafCommand {
  return {
    kind: 'leaf',
    name,
    synopsis: 'Stop a running job',
    help() {
      return leafHelp(
        `${name} [options] <job>`,
        "Stop an existing job. The job ID may be a prefix of the job's ID.\n\nWhen ACLs are enabled, this command requires a token with the 'submit-job'\ncapability for the job's namespace.",
        'Stop',
        [
          { flag: '-detach', text: 'Return immediately instead of entering monitor mode.' },
          { flag: '-purge', text: 'Purge is used to stop the job and purge it from the system.' },
          { flag: '-yes', text: 'Automatic yes to prompts.' },
        ],
      );
    },
    async run(argv, env) {
      const parsed = parseCommand(this, argv, env, (flags) =>
        flags.bool('detach').bool('purge').bool('yes').bool('verbose'),
      );
      if (typeof parsed === 'number') return parsed;
      const { args, client, flags } = parsed;
      const [prefix] = args;
      if (args.length !== 1 || prefix === undefined)
        return argumentError(this, env, 'This command takes one argument: <job>');
      const found = await lookupJob(client, env, prefix, 'Error deregistering job');
      if (!found.ok) return found.exitCode;
      const id = readString(found.job, 'ID');
      if (prefix !== id && !flags.bool('yes')) {
        const confirmed = confirmStop(env, id);
        if (confirmed !== true) return confirmed;
      }
      const query = { purge: String(flags.bool('purge')), ...namespaceQuery(found.job) };
      const outcome = await client.delete(`/v1/job/${id}`, query);
      if (!outcome.ok) {
        env.ui.error(`Error deregistering job: ${outcome.message}`);
        return 1;
      }
      const evalId = readString(asObject(outcome.body), 'EvalID');
      if (evalId !== '') env.ui.output(evalId);
      return 0;
    },
  };
}

export const jobStopCommandJob = jobStopCommand('job stop');
export const stopCommand = jobStopCommand('stop');
