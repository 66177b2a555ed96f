/**
 * Gossip membership as `nomad server members` shows it: every server of every federated region,
 * with its status (`alive`, `failed` when it stopped or crashed without leaving, `left` after a
 * graceful leave). The simulator treats gossip as instantaneous and lossless; what matters for the
 * ACL system is who is up, not how the news travels.
 */

export type MemberStatus = 'alive' | 'failed' | 'left';

export interface Member {
  /** `<node name>.<region>`, as Nomad lists it. */
  name: string;
  address: string;
  region: string;
  datacenter: string;
  status: MemberStatus;
  /** Raft id (`<address>:4647`). */
  raftId: string;
}

export class Membership {
  private readonly members = new Map<string, Member>();
  /** The members sorted by name, kept until the next upsert (forwarding reads it per request). */
  private sortedByName: Member[] | null = null;

  /** Adds or refreshes a member (keyed by address). */
  upsert(member: Member): void {
    this.members.set(member.address, { ...member });
    this.sortedByName = null;
  }

  setStatus(address: string, status: MemberStatus): void {
    const member = this.members.get(address);
    if (member !== undefined) member.status = status;
  }

  get(address: string): Member | undefined {
    return this.members.get(address);
  }

  /** All members, sorted by name as `nomad server members` prints them. */
  all(): Member[] {
    return [...this.byName()];
  }

  /** Members of one region with the given status. */
  inRegion(region: string, status?: MemberStatus): Member[] {
    return this.byName().filter(
      (m) => m.region === region && (status === undefined || m.status === status),
    );
  }

  private byName(): readonly Member[] {
    if (this.sortedByName === null) {
      this.sortedByName = [...this.members.values()].sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    }
    return this.sortedByName;
  }

  /** Regions with at least one member, sorted. */
  regions(): string[] {
    return [...new Set([...this.members.values()].map((m) => m.region))].sort();
  }
}
