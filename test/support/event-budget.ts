/**
 * Vitest setup (vitest.config.ts `setupFiles`): every simulation a test creates without its own
 * `maxEvents` may run at most `TEST_EVENT_BUDGET` events, then stops with `EventBudgetExceeded`
 * ("simulation event budget exceeded: ... a runaway loop?"). A test that runs away (a message
 * storm, a retry loop, a log that never stops growing) then fails in seconds with that message
 * instead of eating memory until the machine gives out. The budget is 16 times what a ten-minute
 * chaos run on 3 regions x 3 servers needs (about 125 000 events). Memory has its own bound: the
 * config gives each test worker a 4 GB heap.
 */
import { setDefaultEventBudget } from '../../src/sim/event-budget.js';

export const TEST_EVENT_BUDGET = 2_000_000;

setDefaultEventBudget(TEST_EVENT_BUDGET);
