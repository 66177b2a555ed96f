/**
 * The policy texts that generated ACL operations write, each with what a reference model needs
 * to know about it: whether Nomad accepts it, the exact refusal when it does not (spec §6.4,
 * wrapped as `failed to parse rules: ...`), and whether it lets a client list jobs in the
 * `default` namespace. Keeping the texts in one table keeps the model free of a second policy
 * evaluator.
 */

/** What a rules text does to `GET /v1/jobs` in namespace `default`. */
export type JobsEffect = 'grant' | 'deny' | 'none';

export interface RulesEntry {
  readonly text: string;
  /** null when the rules are valid; else the parse error and whether it is the exact text or a prefix. */
  readonly error: { readonly message: string; readonly match: 'exact' | 'prefix' } | null;
  readonly jobs: JobsEffect;
}

function valid(text: string, jobs: JobsEffect): RulesEntry {
  return { text, error: null, jobs };
}

function invalid(text: string, message: string, match: 'exact' | 'prefix' = 'exact'): RulesEntry {
  return { text, error: { message, match }, jobs: 'none' };
}

export const ACL_RULES = {
  'read-default': valid('namespace "default" {\n  policy = "read"\n}\n', 'grant'),
  'write-all': valid('namespace "*" {\n  policy = "write"\n}\n', 'grant'),
  'list-jobs': valid('namespace "default" {\n  capabilities = ["list-jobs"]\n}\n', 'grant'),
  'write-other': valid('namespace "other" {\n  policy = "write"\n}\n', 'none'),
  'deny-default': valid('namespace "default" {\n  policy = "deny"\n}\n', 'deny'),
  'node-read': valid('node {\n  policy = "read"\n}\n', 'none'),
  empty: valid('', 'none'),
  'bad-policy-word': invalid(
    'namespace "default" {\n  policy = "admin"\n}\n',
    'Invalid namespace policy: &acl.NamespacePolicy{Name:"default", Policy:"admin", Capabilities:[]string(nil), Variables:(*acl.VariablesPolicy)(nil)}',
  ),
  // Strict mode only looks at top-level keys (an unknown key inside a block is accepted).
  'unknown-key': invalid(
    'namespace "default" {\n  policy = "read"\n}\ncolour = "blue"\n',
    'Invalid or duplicate policy keys: colour',
  ),
  'bad-node-policy': invalid(
    'node {\n  policy = "list"\n}\n',
    'Invalid node policy: &acl.NodePolicy{Policy:"list"}',
  ),
  'comment-only': invalid('# nothing here\n', 'Invalid policy: # nothing here\n'),
  'syntax-error': invalid(
    'namespace "default" {\n  policy = \n',
    'Failed to parse ACL Policy: ',
    'prefix',
  ),
} as const satisfies Record<string, RulesEntry>;

export type RulesName = keyof typeof ACL_RULES;

export const RULES_NAMES = Object.keys(ACL_RULES) as RulesName[];

/** The table name of a rules text, or null when the text is not one of the table's. */
export function rulesNameFor(text: string): RulesName | null {
  return RULES_NAMES.find((name) => ACL_RULES[name].text === text) ?? null;
}

/** The table entry for a rules text, or null when the text is not one of the table's. */
export function rulesEntryFor(text: string): RulesEntry | null {
  for (const entry of Object.values(ACL_RULES)) if (entry.text === text) return entry;
  return null;
}
