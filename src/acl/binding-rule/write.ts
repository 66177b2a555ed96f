/**
 * The endpoint-side rules of binding rule writes (Nomad's `ACL.UpsertBindingRules`,
 * `ACL.DeleteBindingRules`), run on the authoritative region's leader after the ACL-enabled
 * check, the forwarding and the management check. Upsert: at least one rule (`must specify as
 * least one binding rule` [sic]); per rule, an ID must name an existing rule (`cannot find binding
 * rule <id>`), whose bind name, bind type and auth method fill what the request leaves empty, and
 * whose auth method cannot change (`cannot update auth method for binding rule, create a new rule
 * instead`); the rule must be valid (`binding rule <i> invalid: <multierror>`) and its auth method
 * must exist (`ACL auth method <name> not found`), all coded 400; a new rule gets an ID and a
 * create time. Delete: at least one ID (the same text); an unknown ID is refused by the state
 * machine (`ACL binding rule not found`).
 */
import type { Result } from '../errors.js';
import { badRequest, fail, formatMultiError, ok } from '../errors.js';
import type { IdSource } from '../../sim/ids.js';
import type { AclBindingRule, AclBindingRuleInput } from './binding-rule.js';
import { bindingRuleHash, validateBindingRule } from './binding-rule.js';

/** What the binding rule rules read from the ACL tables. */
export interface BindingRuleWriteLookup {
  bindingRuleById(id: string): AclBindingRule | null;
  authMethodByName(name: string): object | null;
}

export const NO_BINDING_RULES_GIVEN = 'must specify as least one binding rule'; // [sic], Nomad's text

/** `UpsertBindingRules` checks; returns the rules to Raft-apply (IDs set, hashed, indexes 0). */
export function prepareBindingRuleUpsert(
  inputs: readonly AclBindingRuleInput[],
  lookup: BindingRuleWriteLookup,
  ids: IdSource,
  now: number,
): Result<AclBindingRule[]> {
  if (inputs.length === 0) return fail(badRequest(NO_BINDING_RULES_GIVEN));
  const prepared: AclBindingRule[] = [];
  for (const [index, input] of inputs.entries()) {
    let rule = input;
    let existing: AclBindingRule | null = null;
    if (input.ID !== '') {
      existing = lookup.bindingRuleById(input.ID);
      if (existing === null) return fail(badRequest(`cannot find binding rule ${input.ID}`));
      rule = {
        ...input,
        BindName: input.BindName === '' ? existing.BindName : input.BindName,
        BindType: input.BindType === '' ? existing.BindType : input.BindType,
        AuthMethod: input.AuthMethod === '' ? existing.AuthMethod : input.AuthMethod,
      };
      if (rule.AuthMethod !== existing.AuthMethod)
        return fail(
          badRequest('cannot update auth method for binding rule, create a new rule instead'),
        );
    }
    const problems = validateBindingRule(rule);
    if (problems.length > 0)
      return fail(badRequest(`binding rule ${index} invalid: ${formatMultiError(problems)}`));
    if (lookup.authMethodByName(rule.AuthMethod) === null)
      return fail(badRequest(`ACL auth method ${rule.AuthMethod} not found`));
    const withId = { ...rule, ID: rule.ID === '' ? ids() : rule.ID };
    prepared.push({
      ...withId,
      Hash: bindingRuleHash(withId),
      CreateTime: existing?.CreateTime ?? now,
      ModifyTime: now,
      CreateIndex: 0,
      ModifyIndex: 0,
    });
  }
  return ok(prepared);
}

/** `DeleteBindingRules`' first check: at least one ID. */
export function checkBindingRuleDeleteRequest(ids: readonly string[]): Result<null> {
  if (ids.length === 0) return fail(badRequest(NO_BINDING_RULES_GIVEN));
  return ok(null);
}
