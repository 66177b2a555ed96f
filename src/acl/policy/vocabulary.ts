/**
 * The words of the ACL policy language, per version profile, as data (spec §6.1–§6.3, §13).
 *
 * Everything that differs between the versions the profiles play (Nomad 0.9.7 for `tutorial`,
 * 1.0.4 for `v1.0`, 2.0.5 for `modern`) in the policy language lives in this one table: which blocks exist, which capability names are valid,
 * what the coarse `policy` words expand to (in Nomad's exact order), and whether strict mode
 * (unknown/duplicate keys rejected, 1.11+) exists. The parser, validator and printer read it and
 * never test the profile name themselves.
 */

import type { ProfileName } from '../../version/profile.js';

/** The coarse words every block but `plugin` accepts. */
export const POLICY_DENY = 'deny';
export const POLICY_READ = 'read';
export const POLICY_WRITE = 'write';
export const POLICY_SCALE = 'scale';
export const POLICY_LIST = 'list';

/** A `policy` word to the capabilities it adds, in order. Words absent from the table add nothing. */
export type Expansion = Readonly<Record<string, readonly string[]>>;

export interface PolicyVocabulary {
  readonly profile: ProfileName;
  /**
   * Strict parsing (unknown keys and duplicate singleton blocks rejected) exists (1.11+): the
   * policy struct has the decoder's unused-key list.
   */
  readonly strictKeys: boolean;
  /** `node_pool` blocks (1.6+). */
  readonly nodePools: boolean;
  /** `host_volume` blocks (0.10+); without them the decoder drops such a block silently. */
  readonly hostVolumes: boolean;
  /** The `plugin` block (0.11+); without it the decoder drops such a block silently. */
  readonly plugin: boolean;
  /** `variables` inside namespace blocks (1.4+). */
  readonly variables: boolean;
  /** `sentinel` block (2.0+). */
  readonly sentinel: boolean;
  /** `capabilities` in the `operator` block (2.0+). */
  readonly operatorCapabilities: boolean;
  /**
   * Nomad's second pass over the tree that blanks the names of blocks written without a label
   * (added with variables and node pools; not in 1.0, whose decoder names such a block after the
   * first key of its body).
   */
  readonly missingLabelPass: boolean;

  /** Valid `policy` words for namespace, node_pool, host_volume, agent, node, operator, quota, sentinel. */
  readonly policyWords: readonly string[];
  /** Valid `policy` words for the plugin block. */
  readonly pluginPolicyWords: readonly string[];

  readonly namespaceCapabilities: readonly string[];
  readonly namespaceExpansion: Expansion;
  /** Applied after the policy word: each listed capability appends these (one level only). */
  readonly namespaceImplicitExpansion: Expansion;

  readonly nodePoolCapabilities: readonly string[];
  readonly nodePoolExpansion: Expansion;
  readonly hostVolumeCapabilities: readonly string[];
  readonly hostVolumeExpansion: Expansion;
  readonly operatorCapabilityNames: readonly string[];
  readonly operatorExpansion: Expansion;
  readonly sentinelCapabilities: readonly string[];
  readonly sentinelExpansion: Expansion;
  readonly variablesCapabilities: readonly string[];
}

/** Looks up a word in an expansion table (own keys only, so `constructor` adds nothing). */
export function expand(table: Expansion, word: string): readonly string[] {
  return Object.hasOwn(table, word) ? (table[word] ?? []) : [];
}

const MODERN_NAMESPACE_READ = [
  'list-jobs',
  'parse-job',
  'read-job',
  'csi-list-volume',
  'csi-read-volume',
  'read-job-scaling',
  'list-scaling-policies',
  'read-scaling-policy',
  'host-volume-read',
];

const TUTORIAL_NAMESPACE_READ = [
  'list-jobs',
  'read-job',
  'csi-list-volume',
  'csi-read-volume',
  'read-job-scaling',
  'list-scaling-policies',
  'read-scaling-policy',
];

const WRITE_EXTRAS = [
  'scale-job',
  'submit-job',
  'dispatch-job',
  'read-logs',
  'read-fs',
  'alloc-exec',
  'alloc-lifecycle',
  'csi-mount-volume',
  'csi-write-volume',
  'submit-recommendation',
];

const TUTORIAL_NAMESPACE_CAPABILITIES = [
  'deny',
  'list-jobs',
  'read-job',
  'submit-job',
  'dispatch-job',
  'read-logs',
  'read-fs',
  'alloc-exec',
  'alloc-node-exec',
  'alloc-lifecycle',
  'sentinel-override',
  'csi-register-plugin',
  'csi-write-volume',
  'csi-read-volume',
  'csi-list-volume',
  'csi-mount-volume',
  'list-scaling-policies',
  'read-scaling-policy',
  'read-job-scaling',
  'scale-job',
  'submit-recommendation',
];

const MODERN_NAMESPACE_CAPABILITIES = [
  'deny',
  'list-jobs',
  'parse-job',
  'read-job',
  'submit-job',
  'dispatch-job',
  'read-logs',
  'read-fs',
  'alloc-exec',
  'alloc-node-exec',
  'alloc-lifecycle',
  'csi-register-plugin',
  'csi-write-volume',
  'csi-read-volume',
  'csi-list-volume',
  'csi-mount-volume',
  'list-scaling-policies',
  'read-scaling-policy',
  'read-job-scaling',
  'scale-job',
  'host-volume-create',
  'host-volume-register',
  'host-volume-read',
  'host-volume-write',
  'host-volume-delete',
  'sentinel-override',
  'submit-recommendation',
  'register-job',
  'revert-job',
  'deregister-job',
  'purge-job',
  'evaluate-job',
  'plan-job',
  'tag-job-version',
  'stable-job',
  'fail-deployment',
  'pause-deployment',
  'promote-deployment',
  'unblock-deployment',
  'cancel-deployment',
  'set-alloc-health-deployment',
  'gc-allocation',
  'pause-allocation',
  'force-periodic-job',
  'delete-service-registration',
];

const HOST_VOLUME_CAPABILITIES = ['deny', 'mount-readonly', 'mount-readwrite'];
const HOST_VOLUME_EXPANSION: Expansion = {
  read: ['mount-readonly'],
  write: ['mount-readonly', 'mount-readwrite'],
  deny: ['deny'],
};

const MODERN: PolicyVocabulary = {
  profile: 'modern',
  strictKeys: true,
  nodePools: true,
  hostVolumes: true,
  plugin: true,
  variables: true,
  sentinel: true,
  operatorCapabilities: true,
  missingLabelPass: true,
  policyWords: ['deny', 'read', 'write', 'scale'],
  pluginPolicyWords: ['deny', 'read', 'list', 'write'],
  namespaceCapabilities: MODERN_NAMESPACE_CAPABILITIES,
  namespaceExpansion: {
    read: MODERN_NAMESPACE_READ,
    write: [...MODERN_NAMESPACE_READ, ...WRITE_EXTRAS, 'host-volume-create'],
    scale: [
      'list-scaling-policies',
      'read-scaling-policy',
      'read-job-scaling',
      'scale-job',
      'read-job',
      'submit-recommendation',
    ],
    deny: ['deny'],
  },
  namespaceImplicitExpansion: {
    'host-volume-write': [
      'host-volume-register',
      'host-volume-create',
      'host-volume-delete',
      'host-volume-read',
    ],
    'host-volume-register': ['host-volume-create', 'host-volume-read'],
    'host-volume-create': ['host-volume-read'],
  },
  nodePoolCapabilities: ['delete', 'deny', 'read', 'write'],
  nodePoolExpansion: { read: ['read'], write: ['delete', 'read', 'write'], deny: ['deny'] },
  hostVolumeCapabilities: HOST_VOLUME_CAPABILITIES,
  hostVolumeExpansion: HOST_VOLUME_EXPANSION,
  operatorCapabilityNames: [
    'deny',
    'snapshot-save',
    'license-read',
    'keyring-rotate',
    'keyring-read',
    'keyring-delete',
  ],
  operatorExpansion: {
    read: ['license-read', 'keyring-read'],
    write: ['snapshot-save', 'license-read', 'keyring-rotate', 'keyring-read', 'keyring-delete'],
    deny: ['deny'],
  },
  sentinelCapabilities: ['deny', 'sentinel-read', 'sentinel-submit', 'sentinel-delete'],
  sentinelExpansion: {
    read: ['sentinel-read'],
    write: ['sentinel-read', 'sentinel-submit', 'sentinel-delete'],
    deny: ['deny'],
  },
  variablesCapabilities: ['write', 'read', 'list', 'destroy', 'deny'],
};

const V1_0: PolicyVocabulary = {
  profile: 'v1.0',
  strictKeys: false,
  nodePools: false,
  hostVolumes: true,
  plugin: true,
  variables: false,
  sentinel: false,
  operatorCapabilities: false,
  missingLabelPass: false,
  policyWords: ['deny', 'read', 'write', 'scale'],
  pluginPolicyWords: ['deny', 'read', 'list', 'write'],
  namespaceCapabilities: TUTORIAL_NAMESPACE_CAPABILITIES,
  namespaceExpansion: {
    read: TUTORIAL_NAMESPACE_READ,
    write: [...TUTORIAL_NAMESPACE_READ, ...WRITE_EXTRAS],
    scale: ['list-scaling-policies', 'read-scaling-policy', 'read-job-scaling', 'scale-job'],
    deny: ['deny'],
  },
  namespaceImplicitExpansion: {},
  nodePoolCapabilities: [],
  nodePoolExpansion: {},
  hostVolumeCapabilities: HOST_VOLUME_CAPABILITIES,
  hostVolumeExpansion: HOST_VOLUME_EXPANSION,
  operatorCapabilityNames: [],
  operatorExpansion: {},
  sentinelCapabilities: [],
  sentinelExpansion: {},
  variablesCapabilities: [],
};

/**
 * Nomad 0.9.7 (the `tutorial` profile): namespace, agent, node, operator and quota blocks only;
 * the policy words `deny`, `read`, `write` (`scale` came with autoscaling in 0.11); the namespace
 * capabilities of 0.9.2+ (`alloc-exec`, `alloc-node-exec`, `alloc-lifecycle` came with
 * `nomad alloc exec`), without CSI (0.11), scaling (0.11) or recommendations (1.0).
 */
const V0_9_READ = ['list-jobs', 'read-job'];
const V0_9: PolicyVocabulary = {
  ...V1_0,
  profile: 'tutorial',
  hostVolumes: false,
  plugin: false,
  policyWords: ['deny', 'read', 'write'],
  pluginPolicyWords: [],
  namespaceCapabilities: [
    'deny',
    'list-jobs',
    'read-job',
    'submit-job',
    'dispatch-job',
    'read-logs',
    'read-fs',
    'alloc-exec',
    'alloc-node-exec',
    'alloc-lifecycle',
    'sentinel-override',
  ],
  namespaceExpansion: {
    read: V0_9_READ,
    write: [
      ...V0_9_READ,
      'submit-job',
      'dispatch-job',
      'read-logs',
      'read-fs',
      'alloc-exec',
      'alloc-lifecycle',
    ],
    deny: ['deny'],
  },
  hostVolumeCapabilities: [],
  hostVolumeExpansion: {},
};

const VOCABULARIES: Readonly<Record<ProfileName, PolicyVocabulary>> = {
  modern: MODERN,
  tutorial: V0_9,
  'v1.0': V1_0,
};

export function policyVocabulary(profile: ProfileName): PolicyVocabulary {
  return VOCABULARIES[profile];
}
