/**
 * Cluster membership. A configuration takes effect as soon as its entry is in a server's log,
 * committed or not (hashicorp/raft's "latest" configuration); when a follower's log is truncated
 * the configuration falls back to the newest one still in the log. The history below keeps the
 * configuration entries after the snapshot so that both "latest" and "committed" can be answered.
 */
import type { Configuration, ConfigurationChange, LogEntry, LogIndex, NodeId } from './types.js';
import { assertNever } from '../sim/assert-never.js';

/** The configuration of a server that was never bootstrapped nor joined. */
export const EMPTY_CONFIGURATION: Configuration = Object.freeze({
  voters: Object.freeze([]) as readonly NodeId[],
});

/** True when `id` is a voter of `configuration`. */
export function isVoter(configuration: Configuration, id: NodeId): boolean {
  return configuration.voters.includes(id);
}

/** Why a configuration is unusable, or null when it is fine. */
export function configurationProblem(configuration: Configuration): string | null {
  if (
    configuration === null ||
    typeof configuration !== 'object' ||
    !Array.isArray(configuration.voters)
  ) {
    return 'configuration must be an object with a voters array';
  }
  if (configuration.voters.length === 0) return 'need at least one voter in configuration';
  const seen = new Set<string>();
  for (const id of configuration.voters) {
    if (typeof id !== 'string' || id.length === 0) return 'voter ids must be non-empty strings';
    if (seen.has(id)) return `found duplicate ID in configuration: ${id}`;
    seen.add(id);
  }
  return null;
}

/** The configuration after one change (adding an existing voter or removing a stranger changes nothing). */
export function applyConfigurationChange(
  configuration: Configuration,
  change: ConfigurationChange,
): Configuration {
  switch (change.type) {
    case 'addVoter':
      return isVoter(configuration, change.id)
        ? configuration
        : { voters: [...configuration.voters, change.id] };
    case 'removeServer':
      return { voters: configuration.voters.filter((id) => id !== change.id) };
    default:
      return assertNever(change, 'configuration change');
  }
}

/** A configuration and the index of the log entry (or snapshot) that carried it. */
export interface IndexedConfiguration {
  readonly index: LogIndex;
  readonly configuration: Configuration;
}

/** The configurations a node knows about, oldest first: the snapshot's, then those in its log. */
export class ConfigurationHistory {
  private items: IndexedConfiguration[];

  constructor(base: IndexedConfiguration) {
    this.items = [base];
  }

  /** The configuration in effect: the newest one in the log, committed or not. */
  get latest(): IndexedConfiguration {
    return this.items[this.items.length - 1] as IndexedConfiguration;
  }

  /** The newest configuration at or before `index` (for snapshots and the committed configuration). */
  at(index: number): IndexedConfiguration {
    for (let i = this.items.length - 1; i > 0; i--) {
      const item = this.items[i] as IndexedConfiguration;
      if (item.index <= index) return item;
    }
    return this.items[0] as IndexedConfiguration;
  }

  /** Records the configuration entries among newly appended `entries`. */
  noteAppended(entries: readonly LogEntry[]): void {
    for (const entry of entries) {
      if (entry.type === 'configuration')
        this.items.push({ index: entry.index, configuration: entry.configuration });
    }
  }

  /** Forgets configurations whose entries were truncated (index >= `from`). */
  noteTruncated(from: LogIndex): void {
    while (
      this.items.length > 1 &&
      (this.items[this.items.length - 1] as IndexedConfiguration).index >= from
    ) {
      this.items.pop();
    }
  }

  /** Replaces everything up to `base.index` by `base` (after a local snapshot). */
  compactTo(base: IndexedConfiguration): void {
    this.items = [base, ...this.items.filter((item) => item.index > base.index)];
  }

  /** Starts over from a snapshot's configuration, keeping later entries that are still in the log. */
  rebase(base: IndexedConfiguration, keptEntries: readonly LogEntry[]): void {
    this.items = [base];
    this.noteAppended(keptEntries.filter((entry) => entry.index > base.index));
  }
}
