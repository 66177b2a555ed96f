/**
 * Version profiles: the Nomad behaviours that changed between the tutorial era (~1.0) and modern
 * Nomad (2.x). Every version-dependent text, status code, expansion or output column is looked up
 * here by profile name instead of being decided by scattered `if`s (DESIGN.md, "Version profiles").
 */

/** The two Nomad eras the simulator can play. `modern` is the default. */
export type ProfileName = 'modern' | 'tutorial';

export const PROFILE_NAMES: readonly ProfileName[] = ['modern', 'tutorial'];

export const DEFAULT_PROFILE: ProfileName = 'modern';

/** Parses a profile name given by a user, with a clear error for anything else. */
export function parseProfileName(value: string): ProfileName {
  if (value === 'modern' || value === 'tutorial') return value;
  throw new RangeError(`unknown profile "${value}": expected one of ${PROFILE_NAMES.join(', ')}`);
}
