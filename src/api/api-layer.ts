/**
 * Puts Nomad's endpoints in front of the simulated servers: HTTP requests from the operator's
 * workstation, RPC methods between servers (forwarded requests, replication queries), ACL
 * replication on the leaders of non-authoritative regions, and the expired-token GC on every
 * leader (versions with token expiry).
 */
import { getProfile, type ProfileName, type VersionProfile } from '../acl/index.js';
import type { Cluster, ClusterServices } from '../region/cluster.js';
import type { Server } from '../server/server.js';
import type { RpcReply } from '../server/rpc.js';
import type { ApiRequest, ApiResponse } from '../server/http.js';
import type { EndpointContext, EndpointTable, RpcHandler } from './context.js';
import type { EndpointArgs, EndpointMethodName, EndpointValue } from '../server/rpc-methods.js';
import { ACL_ENDPOINTS } from './acl-endpoints.js';
import { ONE_TIME_TOKEN_ENDPOINTS } from './one-time-token-endpoints.js';
import { CLUSTER_ENDPOINTS } from './cluster-endpoints.js';
import { OBJECT_ENDPOINTS } from './object-endpoints.js';
import { handleHttp, type Dispatch } from './http-routes.js';
import { handleObjectHttp } from './object-http-routes.js';
import { ReplicationDriver } from '../replication/driver.js';
import { ExpiredTokenGc } from './expired-token-gc.js';

const HANDLERS: EndpointTable<EndpointMethodName> = {
  ...ACL_ENDPOINTS,
  ...ONE_TIME_TOKEN_ENDPOINTS,
  ...CLUSTER_ENDPOINTS,
  ...OBJECT_ENDPOINTS,
};

export class ApiLayer implements ClusterServices {
  readonly profile: VersionProfile;
  private readonly drivers = new Map<Server, ReplicationDriver>();
  private readonly tokenGcs = new Map<Server, ExpiredTokenGc>();

  constructor(
    private readonly cluster: Cluster,
    profile: ProfileName = 'modern',
  ) {
    this.profile = getProfile(profile);
  }

  /** Installs the API layer on `cluster`. */
  static install(cluster: Cluster, profile: ProfileName = 'modern'): ApiLayer {
    const layer = new ApiLayer(cluster, profile);
    cluster.setServices(layer);
    cluster.profile = layer.profile;
    return layer;
  }

  private context(server: Server): EndpointContext {
    return { cluster: this.cluster, server, profile: this.profile };
  }

  http(server: Server, request: ApiRequest, reply: (response: ApiResponse) => void): void {
    const ctx = this.context(server);
    const dispatch: Dispatch = (method, args, done) =>
      this.rpc(server, method, args, server.address, done);
    if (!handleObjectHttp(ctx, request, dispatch, reply)) handleHttp(ctx, request, dispatch, reply);
  }

  rpc<M extends EndpointMethodName>(
    server: Server,
    method: M,
    args: EndpointArgs<M>,
    _from: string,
    reply: (reply: RpcReply<EndpointValue<M>>) => void,
  ): void {
    // Arguments that came over the wire: the two fields every endpoint relies on are checked.
    if (typeof args?.region !== 'string' || typeof args.token !== 'string') {
      reply({ ok: false, error: { status: 400, message: `malformed ${method} request` } });
      return;
    }
    const by = { region: server.region, server: server.name };
    const handler: RpcHandler<M> = HANDLERS[method];
    handler(this.context(server), args, (answer) =>
      reply(answer.by === undefined ? { ...answer, by } : answer),
    );
  }

  /**
   * ACL replication runs on an established leader only: started once the leader passed its
   * barrier (an earlier start would diff the authoritative region's data against a state machine
   * that has not replayed its log yet), stopped as soon as leadership is lost.
   */
  roleChanged(server: Server): void {
    if (server.leadershipEstablished) this.leadershipEstablished(server);
    else {
      this.stopReplication(server);
      this.stopTokenGc(server);
    }
  }

  leadershipEstablished(server: Server): void {
    this.startTokenGc(server);
    if (!ReplicationDriver.wanted(server)) {
      this.stopReplication(server);
      return;
    }
    if (this.drivers.get(server)?.running === true) return;
    const fresh = new ReplicationDriver(this.cluster, server);
    this.drivers.set(server, fresh);
    fresh.start();
  }

  private stopReplication(server: Server): void {
    this.drivers.get(server)?.stop();
    this.drivers.delete(server);
  }

  /**
   * The token GC of an established leader with ACLs on: expired tokens (versions with token
   * expiry) and expired one-time tokens (versions with them).
   */
  private startTokenGc(server: Server): void {
    const duties = {
      expiredTokens: this.profile.tokenExpirySupported,
      oneTimeTokens: this.profile.oneTimeTokens,
    };
    if (!(duties.expiredTokens || duties.oneTimeTokens) || server.settings?.aclEnabled !== true)
      return;
    if (this.tokenGcs.get(server)?.running === true) return;
    const gc = new ExpiredTokenGc(server, duties);
    this.tokenGcs.set(server, gc);
    gc.start();
  }

  private stopTokenGc(server: Server): void {
    this.tokenGcs.get(server)?.stop();
    this.tokenGcs.delete(server);
  }

  stopped(server: Server): void {
    this.drivers.get(server)?.stop();
    this.drivers.delete(server);
    this.stopTokenGc(server);
  }

  /** Whether ACL replication is running on `server` (for tests and teaching output). */
  replicating(server: Server): boolean {
    return this.drivers.get(server)?.running === true;
  }

  /** The object kinds `server` replicates right now, in the order their loops started. */
  replicatedKinds(server: Server): readonly string[] {
    return this.drivers.get(server)?.kinds ?? [];
  }
}
