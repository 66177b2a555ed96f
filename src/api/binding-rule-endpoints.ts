/**
 * The ACL binding rule endpoints (Nomad 1.5+): writes execute on the authoritative region's leader
 * (src/acl/binding-rule/write.ts), reads in the receiving region; every one of them needs a
 * management token. A missing rule answers null (HTTP 404 `ACL binding rule not found`).
 */
import {
  checkBindingRuleDeleteRequest,
  prepareBindingRuleUpsert,
  type AclBindingRule,
} from '../acl/index.js';
import {
  aclsDisabled,
  authoritativeRegion,
  idsFor,
  requireManagement,
  wallClock,
  write,
} from './acl-endpoints.js';
import { success, type EndpointTable, type RpcHandler } from './context.js';
import { forward } from './forwarding.js';
import { blockingStateRead, missingInVersion, stateOf } from './object-endpoint-support.js';

const KIND = 'binding-rules';

const upsertBindingRules: RpcHandler<'ACL.UpsertBindingRules'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'ACL.UpsertBindingRules', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.UpsertBindingRules', { ...args, region: authoritativeRegion(ctx) }, reply))
    return;
  if (requireManagement(ctx, args, reply) === null) return;
  const fsm = stateOf(ctx, reply);
  if (fsm === null) return;
  const objects = fsm.acl.objects;
  const prepared = prepareBindingRuleUpsert(
    args.bindingRules,
    {
      bindingRuleById: (id) => objects.bindingRuleById(id),
      authMethodByName: (name) => objects.authMethodByName(name),
    },
    idsFor(ctx),
    wallClock(ctx),
  );
  if (!prepared.ok) return reply({ ok: false, error: prepared.error });
  write(
    ctx,
    {
      type: 'acl.binding-rule.upsert',
      bindingRules: prepared.value,
      allowMissingAuthMethods: false,
    },
    reply,
    (index) => ({
      index,
      bindingRules: prepared.value.map(
        (r) => ctx.server.fsm?.acl.objects.bindingRuleById(r.ID) ?? r,
      ),
    }),
  );
};

const deleteBindingRules: RpcHandler<'ACL.DeleteBindingRules'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'ACL.DeleteBindingRules', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.DeleteBindingRules', { ...args, region: authoritativeRegion(ctx) }, reply))
    return;
  if (requireManagement(ctx, args, reply) === null) return;
  const checked = checkBindingRuleDeleteRequest(args.ids);
  if (!checked.ok) return reply({ ok: false, error: checked.error });
  write(ctx, { type: 'acl.binding-rule.delete', ids: args.ids }, reply, (index) => ({ index }));
};

const listBindingRules: RpcHandler<'ACL.ListBindingRules'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'ACL.ListBindingRules', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.ListBindingRules', args, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.acl.objects.tableIndex('acl_binding_rules'),
    reply,
    (fsm) =>
      reply(
        success({
          index: fsm.acl.objects.queryIndex('acl_binding_rules'),
          bindingRules: fsm.acl.objects.listBindingRuleStubs(args.prefix ?? ''),
        }),
      ),
  );
};

const getBindingRule: RpcHandler<'ACL.GetBindingRule'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'ACL.GetBindingRule', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.GetBindingRule', args, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.acl.objects.tableIndex('acl_binding_rules'),
    reply,
    (fsm) => {
      const bindingRule = fsm.acl.objects.bindingRuleById(args.id);
      const index = bindingRule?.ModifyIndex ?? fsm.acl.objects.queryIndex('acl_binding_rules');
      reply(success({ index, bindingRule }));
    },
  );
};

const getBindingRules: RpcHandler<'ACL.GetBindingRules'> = (ctx, args, reply) => {
  if (missingInVersion(ctx, KIND, 'ACL.GetBindingRules', reply)) return;
  if (aclsDisabled(ctx, reply)) return;
  if (forward(ctx, 'ACL.GetBindingRules', args, reply)) return;
  if (requireManagement(ctx, args, reply) === null) return;
  blockingStateRead(
    ctx,
    args,
    (fsm) => fsm.acl.objects.tableIndex('acl_binding_rules'),
    reply,
    (fsm) => {
      const bindingRules = args.ids
        .map((id) => fsm.acl.objects.bindingRuleById(id))
        .filter((r): r is AclBindingRule => r !== null);
      reply(success({ index: fsm.acl.objects.queryIndex('acl_binding_rules'), bindingRules }));
    },
  );
};

export const BINDING_RULE_ENDPOINTS: EndpointTable<
  | 'ACL.UpsertBindingRules'
  | 'ACL.DeleteBindingRules'
  | 'ACL.ListBindingRules'
  | 'ACL.GetBindingRule'
  | 'ACL.GetBindingRules'
> = {
  'ACL.UpsertBindingRules': upsertBindingRules,
  'ACL.DeleteBindingRules': deleteBindingRules,
  'ACL.ListBindingRules': listBindingRules,
  'ACL.GetBindingRule': getBindingRule,
  'ACL.GetBindingRules': getBindingRules,
};
