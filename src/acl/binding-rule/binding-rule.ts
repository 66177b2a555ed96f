/**
 * The ACL binding rule object (Nomad 1.5+, `structs.ACLBindingRule`): which role, policy or
 * management grant a login through an auth method receives, when the identity's claims match the
 * rule's selector. Fields: `ID` (UUID, made by the endpoint on create), `Description`,
 * `AuthMethod` (a method's name), `Selector`, `BindType` (`role`, `policy` or `management`),
 * `BindName`, `Hash`, `CreateTime`, `ModifyTime`, `CreateIndex`, `ModifyIndex`. The list stub
 * (`ACLBindingRuleListStub`) keeps ID, Description, AuthMethod, Hash and the indexes.
 *
 * The simulator stores and replicates binding rules; a selector must parse as a go-bexpr
 * expression (./bexpr-selector.ts), but is not evaluated (no logins). Times are virtual ms.
 */
import { contentHash } from '../hash.js';
import { bexprSelectorError } from './bexpr-selector.js';

/** A stored binding rule. */
export interface AclBindingRule {
  readonly ID: string;
  readonly Description: string;
  readonly AuthMethod: string;
  readonly Selector: string;
  readonly BindType: string;
  readonly BindName: string;
  readonly Hash: string;
  /** Virtual ms. */
  readonly CreateTime: number;
  /** Virtual ms. */
  readonly ModifyTime: number;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

/** A binding rule as listed. */
export type AclBindingRuleStub = Pick<
  AclBindingRule,
  'ID' | 'Description' | 'AuthMethod' | 'Hash' | 'CreateIndex' | 'ModifyIndex'
>;

/** A binding rule as a client sends it: no ID on create. */
export interface AclBindingRuleInput {
  readonly ID: string;
  readonly Description: string;
  readonly AuthMethod: string;
  readonly Selector: string;
  readonly BindType: string;
  readonly BindName: string;
}

export const BIND_TYPES: readonly string[] = ['role', 'policy', 'management'];

/** Longest binding rule description Nomad accepts, in bytes. */
export const MAX_BINDING_RULE_DESCRIPTION_LENGTH = 256;

const utf8 = new TextEncoder();

/**
 * Nomad's `ACLBindingRule.Validate`: every problem in Nomad's order (empty when valid): `auth
 * method is missing`, `description longer than 256`, then by bind type: `bind type is missing`,
 * `bind name is missing` (role, policy), `bind name should be empty` (management), `unsupported
 * bind type: "<t>"`, then `selector is invalid: <go-bexpr's parse error>`.
 */
export function validateBindingRule(rule: AclBindingRuleInput): string[] {
  const problems: string[] = [];
  if (rule.AuthMethod === '') problems.push('auth method is missing');
  if (utf8.encode(rule.Description).length > MAX_BINDING_RULE_DESCRIPTION_LENGTH)
    problems.push(`description longer than ${MAX_BINDING_RULE_DESCRIPTION_LENGTH}`);
  if (rule.BindType === '') problems.push('bind type is missing');
  else if (rule.BindType === 'role' || rule.BindType === 'policy') {
    if (rule.BindName === '') problems.push('bind name is missing');
  } else if (rule.BindType === 'management') {
    if (rule.BindName !== '') problems.push('bind name should be empty');
  } else problems.push(`unsupported bind type: ${JSON.stringify(rule.BindType)}`);
  if (rule.Selector !== '') {
    const error = bexprSelectorError(rule.Selector);
    if (error !== null) problems.push(`selector is invalid: ${error}`);
  }
  return problems;
}

/** The binding rule hash (`ACLBindingRule.SetHash`). */
export function bindingRuleHash(rule: AclBindingRuleInput): string {
  return contentHash([
    rule.ID,
    rule.Description,
    rule.AuthMethod,
    rule.Selector,
    rule.BindType,
    rule.BindName,
  ]);
}

/** The list stub of a binding rule. */
export function bindingRuleStub(rule: AclBindingRule): AclBindingRuleStub {
  const { ID, Description, AuthMethod, Hash, CreateIndex, ModifyIndex } = rule;
  return { ID, Description, AuthMethod, Hash, CreateIndex, ModifyIndex };
}
