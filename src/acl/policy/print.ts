/**
 * printPolicy: a Policy back to HCL text that parsePolicy reads back to the same Policy.
 *
 * A parsed Policy holds EXPANDED capability lists (explicit capabilities, then the expansion of
 * the `policy` word, then implicit host-volume expansions). Printing that list together with the
 * policy word would expand it twice, so the printer recovers the explicit part: it looks for the
 * split where the list is "explicit + expansion(word) + implicit(explicit + expansion(word))" and
 * prints the word plus only the explicit capabilities. For every Policy produced by parsePolicy
 * (with the same profile) the split exists, so `parsePolicy(printPolicy(p))` deep-equals `p`.
 * A hand-built Policy whose list does not end with its word's expansion cannot be written in the
 * policy language; it is printed with the full capability list and no word (same rights, but
 * the word is lost and implicit expansions may be appended again on reparse).
 */

import { quoteHclV1String as quoteHclString } from '../../hcl/v1/index.js';
import type {
  CapabilityBlock,
  NamespacePolicy,
  Policy,
  PolicyWordBlock,
  VariablesPolicy,
} from './types.js';
import { type Expansion, expand, policyVocabulary } from './vocabulary.js';
import { DEFAULT_PROFILE, type ProfileName } from '../../version/profile.js';

export interface PrintPolicyOptions {
  /** The profile whose expansion tables were used to parse the policy. Default `modern`. */
  readonly profile?: ProfileName;
}

/** What to write for one block: the policy word (or "") and the explicit capabilities. */
interface Written {
  readonly word: string;
  readonly explicit: readonly string[];
}

function equalRange(list: readonly string[], start: number, expected: readonly string[]): boolean {
  if (start < 0 || start + expected.length > list.length) return false;
  return expected.every((value, i) => list[start + i] === value);
}

function implicitOf(list: readonly string[], table: Expansion): string[] {
  const out: string[] = [];
  for (const cap of list) out.push(...expand(table, cap));
  return out;
}

/**
 * Finds the explicit capabilities `e` with `e ++ P ++ implicit(e ++ P) == full`, where `P` is
 * the word's expansion. `k + ext(first k)` grows strictly with `k`, so at most one length fits
 * and the search is linear.
 */
function recoverExplicit(
  full: readonly string[],
  word: string,
  table: Expansion,
  implicit: Expansion,
): Written | null {
  const expansion = expand(table, word);
  const target = full.length - expansion.length - implicitOf(expansion, implicit).length;
  let extension = 0;
  for (let k = 0; k <= full.length && k + extension <= target; k++) {
    if (k + extension === target) {
      const base = full.slice(0, k);
      const expanded = [...base, ...expansion];
      if (!equalRange(full, k, expansion)) return null;
      const tail = implicitOf(expanded, implicit);
      return equalRange(full, k + expansion.length, tail) ? { word, explicit: base } : null;
    }
    extension += expand(implicit, full[k] ?? '').length;
  }
  return null;
}

function written(
  full: readonly string[],
  word: string,
  table: Expansion,
  implicit: Expansion = {},
): Written {
  return recoverExplicit(full, word, table, implicit) ?? { word: '', explicit: full };
}

function stringList(values: readonly string[]): string {
  return `[${values.map(quoteHclString).join(', ')}]`;
}

function attributeLines(w: Written, indent: string): string[] {
  const lines: string[] = [];
  if (w.word !== '') lines.push(`${indent}policy = ${quoteHclString(w.word)}`);
  if (w.explicit.length > 0) lines.push(`${indent}capabilities = ${stringList(w.explicit)}`);
  return lines;
}

function block(header: string, lines: readonly string[]): string {
  return `${header} {\n${lines.map((line) => `${line}\n`).join('')}}\n`;
}

function variablesLines(variables: VariablesPolicy): string[] {
  const lines = ['  variables {'];
  for (const path of variables.paths) {
    lines.push(`    path ${quoteHclString(path.pathSpec)} {`);
    lines.push(`      capabilities = ${stringList(path.capabilities)}`);
    lines.push('    }');
  }
  lines.push('  }');
  return lines;
}

/** Renders a policy as HCL. See the file comment for the round-trip guarantee. */
export function printPolicy(policy: Policy, options: PrintPolicyOptions = {}): string {
  const v = policyVocabulary(options.profile ?? DEFAULT_PROFILE);
  const blocks: string[] = [];
  const namespaceBlock = (ns: NamespacePolicy): string => {
    const lines = attributeLines(
      written(ns.capabilities, ns.policy, v.namespaceExpansion, v.namespaceImplicitExpansion),
      '  ',
    );
    if (ns.variables !== null) lines.push(...variablesLines(ns.variables));
    return block(`namespace ${quoteHclString(ns.name)}`, lines);
  };
  blocks.push(...policy.namespaces.map(namespaceBlock));
  for (const pool of policy.nodePools) {
    blocks.push(
      block(
        `node_pool ${quoteHclString(pool.name)}`,
        attributeLines(written(pool.capabilities, pool.policy, v.nodePoolExpansion), '  '),
      ),
    );
  }
  for (const hv of policy.hostVolumes) {
    blocks.push(
      block(
        `host_volume ${quoteHclString(hv.name)}`,
        attributeLines(written(hv.capabilities, hv.policy, v.hostVolumeExpansion), '  '),
      ),
    );
  }
  const wordBlock = (name: string, b: PolicyWordBlock | null): void => {
    if (b !== null)
      blocks.push(block(name, attributeLines({ word: b.policy, explicit: [] }, '  ')));
  };
  const capabilityBlock = (name: string, b: CapabilityBlock | null, table: Expansion): void => {
    if (b !== null)
      blocks.push(block(name, attributeLines(written(b.capabilities, b.policy, table), '  ')));
  };
  wordBlock('agent', policy.agent);
  wordBlock('node', policy.node);
  capabilityBlock('operator', policy.operator, v.operatorExpansion);
  wordBlock('quota', policy.quota);
  wordBlock('plugin', policy.plugin);
  capabilityBlock('sentinel', policy.sentinel, v.sentinelExpansion);
  return blocks.join('\n');
}
