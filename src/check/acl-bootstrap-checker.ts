/**
 * ACL bootstrap happens once per reset (property `bootstrap once`), judged from the authoritative
 * region's Raft log rather than from the state store's own check (which is what it tests):
 *
 * - every successful `acl.bootstrap` entry (the `acl_token_bootstrap` row moved to its index) must
 *   consume the reset index of the bootstrap before it: a second bootstrap with reset index 0, or
 *   with any index but the last bootstrap's, breaks it. The first bootstrap may carry any index
 *   (Nomad's state store only compares once a bootstrap exists);
 * - a bootstrap the workload saw succeed with a reset file must have had the current reset index
 *   in that file (`noteAnswer`): the state store cannot see the file, only the endpoint can.
 *
 * Servers apply the same log in the same order, so the first server to apply an entry decides its
 * place in the history; the command is read back from that server's Raft log.
 */
import type { Cluster } from '../region/cluster.js';
import type { ServerCommand } from '../server/state/state-machine.js';
import type { TraceRecord } from '../sim/trace.js';
import type { ReportViolation } from './violation.js';
import { ServerLookup, serverLabel } from './server-lookup.js';

export class AclBootstrapChecker {
  /** Index of each successful bootstrap -> the reset index it consumed (the bootstrap before, 0 = none). */
  private readonly history = new Map<number, number>();
  /** The successful bootstrap indexes, ascending. */
  private readonly indexes: number[] = [];
  private readonly lookup: ServerLookup;
  /** Successful bootstraps seen. */
  get bootstraps(): number {
    return this.indexes.length;
  }

  constructor(
    private readonly cluster: Cluster,
    readonly authoritativeRegion: string,
    private readonly report: ReportViolation,
  ) {
    this.lookup = new ServerLookup(cluster);
  }

  /** Feeds `raft.apply` records. */
  onApply(record: TraceRecord<'raft.apply'>): void {
    if (record.type !== 'acl.bootstrap' || this.history.has(record.index)) return;
    const server = this.lookup.find(record.region, record.server);
    if (server === undefined || server.homeRegion !== this.authoritativeRegion) return;
    const acl = server.fsm?.acl;
    if (acl === undefined || acl.tableIndex('acl_token_bootstrap') !== record.index) return; // refused
    const previous = this.lastBefore(record.index);
    this.history.set(record.index, previous);
    this.indexes.push(record.index);
    this.indexes.sort((a, b) => a - b);
    if (previous === 0) return;
    const entry = server.node?.entryAt(record.index);
    if (entry === undefined || entry.type !== 'command') return; // compacted meanwhile: nothing to read
    const command = this.cluster.sim.codec.decode<ServerCommand>(entry.data);
    if (command.type !== 'acl.bootstrap' || command.resetIndex === previous) return;
    this.report(
      'bootstrap once',
      command.resetIndex === 0
        ? `${serverLabel(server)} applied a second ACL bootstrap at index ${record.index} without a reset (the first was at index ${previous})`
        : `${serverLabel(server)} applied an ACL bootstrap reset at index ${record.index} with reset index ${command.resetIndex}, but the last bootstrap was at index ${previous}`,
    );
  }

  /**
   * A bootstrap answered 200 with a token created at `createIndex`, executed by a server whose
   * reset file held `fileValue` (null: no file). The reset must have named the bootstrap before.
   */
  noteAnswer(fileValue: string | null, createIndex: number): void {
    const consumed = this.history.get(createIndex);
    if (consumed === undefined || consumed === 0) return; // not seen applied, or the first bootstrap
    if (fileValue !== null && fileValue.trim() === String(consumed)) return;
    this.report(
      'bootstrap once',
      fileValue === null
        ? `an ACL bootstrap succeeded at index ${createIndex} without a reset file (the bootstrap before was at index ${consumed})`
        : `an ACL bootstrap reset succeeded at index ${createIndex} with ${JSON.stringify(fileValue)} in the reset file, but the reset index was ${consumed}`,
    );
  }

  /** The last successful bootstrap before `index`, or 0. */
  private lastBefore(index: number): number {
    let found = 0;
    for (let i = this.indexes.length - 1; i >= 0; i--) {
      const candidate = this.indexes[i] as number;
      if (candidate < index) {
        found = candidate;
        break;
      }
    }
    return found;
  }
}
