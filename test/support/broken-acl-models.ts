/**
 * Reference models of the ACL API broken on purpose, so that the model-based test has a real
 * failure to find: as classes, and as factories a worker thread can load by module export
 * (`runAclModelTest({ workers, model: { module, export: 'secondBootstrapSucceeds' } })`).
 */
import {
  AclReferenceModel,
  type AclCall,
  type ClusterShape,
  type Expectation,
} from '../../src/testing/index.js';

type Call<K extends AclCall['op']> = Extract<AclCall, { op: K }>;

/** Forgets that a second bootstrap fails (spec §3.2: "ACL bootstrap already done"). */
export class SecondBootstrapSucceeds extends AclReferenceModel {
  protected override bootstrap(call: Call<'bootstrap'>): Expectation {
    if (this.bootstrapHandle === null || call.secret === 'invalid') return super.bootstrap(call);
    const token = this.addToken({
      name: 'Bootstrap Token',
      type: 'management',
      global: true,
      policies: [],
      region: this.authoritativeRegion,
      operatorSecret: false,
    });
    return { kind: 'token', token: this.expectedToken(token, true) };
  }
}

/** Thinks anonymous callers may list tokens (spec §4.6: management only). */
export class AnonymousListsTokens extends AclReferenceModel {
  protected override listTokens(call: Call<'token.list'>): Expectation {
    if (call.as !== 'anonymous') return super.listTokens(call);
    const region = this.regionOf(call.via);
    return {
      kind: 'token-list',
      handles: this.tokens.filter((t) => this.existsIn(t, region)).map((t) => t.handle),
      ordered: false,
    };
  }
}

export const secondBootstrapSucceeds = (shape: ClusterShape): AclReferenceModel =>
  new SecondBootstrapSucceeds(shape);
