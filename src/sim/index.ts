/** The deterministic simulation kernel: clock and event queue, randomness, ids, network, disks, trace. */
export { Simulation, SimulationStalled, type SimulationOptions, type Timer } from './simulation.js';
export { EventQueue, type QueuedEvent } from './event-queue.js';
export { Rng, assertValidSeed } from './random.js';
export { createIdSource, isUuid, type IdSource } from './ids.js';
export { Network, DIAL_TIMEOUT_MS, type FailureHandler, type NetworkOptions, type LatencyRange, type NetworkStats, type MessageHandler } from './network.js';
export { SimDisk, type DiskStats } from './disk.js';
export { Trace, type TraceKind, type TraceKinds, type TraceRecord } from './trace.js';
export { Codec, encode, decode } from './codec.js';
