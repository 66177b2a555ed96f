/**
 * Endpoints the receiving agent answers itself, without forwarding: `GET /v1/agent/members`
 * (the WAN gossip pool, so servers of every federated region; needs node `read`, spec §8) and
 * `GET /v1/agent/self` (agent `read`). The caller's token is resolved against this server's state.
 */
import { authenticate, refusal, type AuthResult } from './auth.js';
import type { EndpointContext, RpcArgs } from './context.js';
import type { ApiResponse, JsonValue } from '../server/http.js';

function denied(ctx: EndpointContext, auth: AuthResult): ApiResponse {
  const error = refusal(ctx, auth);
  return { status: error.status, body: error.message, headers: {} };
}

export function agentMembers(ctx: EndpointContext, args: RpcArgs): ApiResponse {
  const auth = authenticate(ctx, args.token);
  if (!auth.ok || !auth.identity.acl.allowNodeRead()) return denied(ctx, auth);
  const settings = ctx.server.settings;
  const members = ctx.cluster.membership.all().map((m) => ({
    Name: m.name,
    Addr: m.address,
    Port: 4648,
    Status: m.status,
    Tags: {
      role: 'nomad',
      region: m.region,
      dc: m.datacenter,
      build: ctx.profile.nomadVersion,
      port: '4647',
      raft_vsn: '3',
      vsn: '1',
      mvn: '1',
      id: ctx.cluster.nodeIdOf(m.address),
    },
    ProtocolMin: 1,
    ProtocolMax: 5,
    ProtocolCur: 2,
    DelegateMin: 2,
    DelegateMax: 5,
    DelegateCur: 4,
  }));
  const body = {
    ServerName: settings?.name ?? '',
    ServerRegion: settings?.region ?? '',
    ServerDC: settings?.datacenter ?? '',
    Members: members,
  };
  return { status: 200, body: body as unknown as JsonValue, headers: {} };
}

export function agentSelf(ctx: EndpointContext, args: RpcArgs): ApiResponse {
  const auth = authenticate(ctx, args.token);
  if (!auth.ok || !auth.identity.acl.allowAgentRead()) return denied(ctx, auth);
  const s = ctx.server.settings;
  const body = {
    config: {
      Region: s?.region ?? '',
      Datacenter: s?.datacenter ?? '',
      NodeName: s?.name ?? '',
      DataDir: s?.dataDir ?? '',
      ACL: { Enabled: s?.aclEnabled ?? false },
      Server: {
        Enabled: true,
        BootstrapExpect: s?.bootstrapExpect ?? 0,
        AuthoritativeRegion: s?.authoritativeRegion ?? '',
      },
      Version: { Version: ctx.profile.nomadVersion },
    },
    member: {
      Name: `${s?.name ?? ''}.${s?.region ?? ''}`,
      Addr: ctx.server.address,
      Port: 4648,
      Status: 'alive',
    },
    stats: {
      raft: {
        state: ctx.server.node?.role ?? 'follower',
        term: String(ctx.server.node?.term ?? 0),
        commit_index: String(ctx.server.node?.commitIndex ?? 0),
      },
    },
  };
  return { status: 200, body: body as unknown as JsonValue, headers: {} };
}
