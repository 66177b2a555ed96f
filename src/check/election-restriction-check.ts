/**
 * Raft's election restriction (§5.4.1), checked on the messages themselves (property `election
 * restriction`): a server grants a vote, or a pre-vote, only to a candidate whose log is at least
 * as up to date as its own. The decision is made when the request is delivered, so the voter's log
 * is read then (just before the voter handles it); a granted answer for that request, delivered to
 * the candidate later, is then judged. When one voter saw several requests for the same term from
 * the same candidate, the grant is blamed only if the voter's log was ahead of every one of them.
 */
import type { Cluster } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { RequestVoteMessage, RequestVoteResponseMessage } from '../raft/index.js';
import type { ReportViolation } from './violation.js';
import { serverLabel } from './server-lookup.js';

export class ElectionRestrictionCheck {
  private readonly byAddress: Map<string, Server>;
  /** `voter|candidate|voteTerm|pre` -> whether the voter's log was ahead of every such request. */
  private readonly requests = new Map<string, boolean>();
  /** Grants judged so far. */
  grantsChecked = 0;

  constructor(
    cluster: Cluster,
    private readonly report: ReportViolation,
  ) {
    this.byAddress = new Map(cluster.servers.map((server) => [server.address, server]));
  }

  /** Called with every delivered message, just before its handler runs. */
  onDelivery(from: string, to: string, what: string, message: unknown): void {
    if (what === 'requestVote') this.onRequest(from, to, message as RequestVoteMessage);
    else if (what === 'requestVoteResponse')
      this.onResponse(from, to, message as RequestVoteResponseMessage);
  }

  private onRequest(from: string, to: string, request: RequestVoteMessage): void {
    const voter = this.byAddress.get(to);
    const node = voter?.node ?? null;
    if (node === null) return;
    const ahead =
      node.lastTerm > request.lastLogTerm ||
      (node.lastTerm === request.lastLogTerm && node.lastIndex > request.lastLogIndex);
    const key = `${to}|${from}|${request.term}|${request.preVote ? 'pre' : 'vote'}`;
    this.requests.set(key, (this.requests.get(key) ?? true) && ahead);
  }

  private onResponse(from: string, to: string, response: RequestVoteResponseMessage): void {
    const key = `${from}|${to}|${response.voteTerm}|${response.preVote ? 'pre' : 'vote'}`;
    const ahead = this.requests.get(key);
    if (ahead === undefined) return;
    this.requests.delete(key);
    if (!response.granted) return;
    this.grantsChecked++;
    if (!ahead) return;
    const voter = this.byAddress.get(from);
    const candidate = this.byAddress.get(to);
    this.report(
      'election restriction',
      `${voter === undefined ? from : serverLabel(voter)} granted a ${response.preVote ? 'pre-vote' : 'vote'} for term ${response.voteTerm} to ${candidate === undefined ? to : serverLabel(candidate)}, whose log was behind its own`,
    );
  }
}
