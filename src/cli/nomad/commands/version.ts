/**
 * `nomad version` (and `nomad -version`): prints the Nomad version of the active profile, e.g.
 * `Nomad v2.0.5` (modern), `Nomad v0.9.7` (tutorial) or `Nomad v1.0.4` (v1.0). No request is made and, as in
 * Nomad, arguments are ignored.
 */
import type { LeafCommand } from '../command.js';

export function versionLine(nomadVersion: string): string {
  return `Nomad v${nomadVersion}`;
}

export const versionCommand: LeafCommand = {
  kind: 'leaf',
  name: 'version',
  synopsis: 'Prints the Nomad version',
  help() {
    return 'Usage: nomad version\n\n  Version prints out the version of Nomad.';
  },
  async run(_argv, env) {
    env.ui.output(versionLine(env.profile.nomadVersion));
    return 0;
  },
};
