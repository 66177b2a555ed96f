/**
 * The seeded bugs the Raft core reads (see src/sim/seeded-bugs.ts for the whole catalogue). They
 * exist so that the invariant checkers can prove they catch real mistakes; all are off by default
 * and switched on only by tests and `nomad-sim chaos --bug`.
 */
import type { SeededBugs } from '../sim/seeded-bugs.js';

/** Which seeded bugs are active. The Raft node reads its own switches and ignores the rest. */
export type RaftBugs = SeededBugs;

/** No bugs. */
export const NO_RAFT_BUGS: RaftBugs = Object.freeze({});
