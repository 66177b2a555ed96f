/**
 * Job tables and blocks as `nomad status` / `nomad job status` print them.
 *
 * - List: `ID  Type  Priority  Status  Submit Date` (with `Namespace` after `ID` when listing all
 *   namespaces); Type gets `/periodic` / `/parameterized` suffixes, Status ` (stopped)` when the
 *   job is stopped, Submit Date is RFC 3339 in UTC from Unix nanoseconds (`<none>` when unset).
 * - One job: the KV header block (ID, Name, Submit Date, Type, Priority, Datacenters, Namespace,
 *   [Node Pool,] Status, Periodic, Parameterized). Nomad continues with Summary, deployment and
 *   allocation sections; the simulator has no allocations, so they are not printed.
 */
import type { JsonValue } from '../../../server/http.js';
import { formatKV, formatList } from '../../format/columnize.js';
import { formatUnixNanos } from '../../format/go-time.js';
import {
  asObject,
  type JsonObject,
  readBool,
  readIndex,
  readNumber,
  readString,
  readStringList,
} from '../../format/json-read.js';

/** A job's namespace from a list stub (`Namespace`, else `JobSummary.Namespace`). */
export function jobNamespace(job: JsonObject): string {
  return readString(job, 'Namespace') || readString(asObject(job['JobSummary']), 'Namespace');
}

function typeString(job: JsonObject, periodic: boolean, parameterized: boolean): string {
  return `${readString(job, 'Type')}${periodic ? '/periodic' : ''}${parameterized ? '/parameterized' : ''}`;
}

function statusString(job: JsonObject): string {
  const status = readString(job, 'Status');
  return readBool(job, 'Stop') ? `${status} (stopped)` : status;
}

/** The job list table. */
export function formatJobList(jobs: readonly JsonObject[], showNamespace: boolean): string {
  const header = showNamespace
    ? 'ID|Namespace|Type|Priority|Status|Submit Date'
    : 'ID|Type|Priority|Status|Submit Date';
  const rows = jobs.map((job) => {
    const cells = [
      readString(job, 'ID'),
      ...(showNamespace ? [jobNamespace(job)] : []),
      typeString(job, readBool(job, 'Periodic'), readBool(job, 'ParameterizedJob')),
      readIndex(job, 'Priority'),
      statusString(job),
      formatUnixNanos(readNumber(job, 'SubmitTime')),
    ];
    return cells.join('|');
  });
  return formatList([header, ...rows]);
}

/**
 * True when a full job's `Periodic` / `ParameterizedJob` block is present: Nomad sends an object
 * or null; a boolean (as list stubs carry) is read as itself.
 */
function hasBlock(value: JsonValue | undefined): boolean {
  return value === true || (typeof value === 'object' && value !== null);
}

/** The header block of `job status <id>` for a full job object. */
export function formatJobHeader(job: JsonObject, showNodePool: boolean): string {
  const periodic = hasBlock(job['Periodic']);
  const parameterized = hasBlock(job['ParameterizedJob']);
  return formatKV([
    `ID|${readString(job, 'ID')}`,
    `Name|${readString(job, 'Name')}`,
    `Submit Date|${formatUnixNanos(readNumber(job, 'SubmitTime'))}`,
    `Type|${readString(job, 'Type')}`,
    `Priority|${readIndex(job, 'Priority')}`,
    `Datacenters|${readStringList(job, 'Datacenters').join(',')}`,
    `Namespace|${readString(job, 'Namespace')}`,
    ...(showNodePool ? [`Node Pool|${readString(job, 'NodePool')}`] : []),
    `Status|${statusString(job)}`,
    `Periodic|${periodic}`,
    `Parameterized|${parameterized}`,
  ]);
}
