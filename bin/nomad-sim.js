#!/usr/bin/env node
// Launcher for the nomad-sim program: registers tsx so the TypeScript sources run without a build.
import { register } from 'tsx/esm/api';

register();
await import('../src/program/nomad-sim.ts');
