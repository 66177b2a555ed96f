/**
 * The rules check of a policy write (`ACLPolicy.Validate`'s parse step), remembered per rules
 * text. Clients and the workloads resend the same few rules texts over and over, and a strict
 * parse is the costliest step of a policy upsert. Parsing is a pure function of the text, the
 * strictness and the profile, so the outcome (accepted, or the parse error's message) is cached
 * under those three; the cache is bounded (entries and text length) and simply starts over when full. Errors other than
 * `PolicyParseError` (programmer errors) propagate and are never cached.
 */
import { parsePolicy } from './parse.js';
import { PolicyParseError } from './errors.js';
import type { ProfileName } from '../../version/profile.js';

/** Most distinct (rules, strictness, profile) outcomes kept before the cache starts over. */
const MAX_REMEMBERED = 512;

/** Longer rules texts (rare) are parsed every time rather than kept. */
const MAX_REMEMBERED_LENGTH = 16_384;

/** Outcome per key: null when the rules parse, else the parse error's message. */
const outcomes = new Map<string, string | null>();

/** Null when `rules` parse with these options, else the `PolicyParseError` message. */
export function rulesParseProblem(
  rules: string,
  strict: boolean,
  profile: ProfileName,
): string | null {
  // Bad input may carry a non-string; it must not share a key with its string form.
  if (typeof rules !== 'string' || rules.length > MAX_REMEMBERED_LENGTH)
    return parseOutcome(rules, strict, profile);
  const key = `${profile}\u0000${strict ? 's' : 'l'}\u0000${rules}`;
  const known = outcomes.get(key);
  if (known !== undefined) return known;
  const outcome = parseOutcome(rules, strict, profile);
  if (outcomes.size >= MAX_REMEMBERED) outcomes.clear();
  outcomes.set(key, outcome);
  return outcome;
}

function parseOutcome(rules: string, strict: boolean, profile: ProfileName): string | null {
  try {
    parsePolicy(rules, { strict, profile });
    return null;
  } catch (error) {
    if (!(error instanceof PolicyParseError)) throw error;
    return error.message;
  }
}
