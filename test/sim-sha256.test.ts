/**
 * The plain TypeScript SHA-256 (src/sim/sha256.ts, which lets the simulation run in a browser)
 * gives what node:crypto gives: the FIPS 180-4 examples, every length around the padding
 * boundaries, and any list of strings (unicode and lone surrogates included) hashed as the ACL
 * tables hash tokens and policies.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64, sha256, sha256Base64 } from '../src/sim/sha256.js';
import { policyHash, tokenHash } from '../src/acl/index.js';

function nodeDigest(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part, 'utf8');
  return hash.digest('base64');
}

const hex = (bytes: Uint8Array): string =>
  [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('sha256', () => {
  it('gives the FIPS 180-4 example digests', () => {
    const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
    expect(hex(sha256(ascii('')))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hex(sha256(ascii('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(sha256(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('equals node:crypto for every length from 0 to 300 bytes (each padding case)', () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 31 + length) & 255);
      expect(hex(sha256(bytes)), `length ${length}`).toBe(
        createHash('sha256').update(bytes).digest('hex'),
      );
    }
  });

  it('base64 pads as Node does', () => {
    for (let length = 0; length < 8; length++) {
      const bytes = new Uint8Array(length).map((_, i) => 250 - i * 7);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('equals node:crypto for any strings hashed one after another as UTF-8', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), (parts) => {
        expect(sha256Base64(parts)).toBe(nodeDigest(parts));
      }),
      { numRuns: 400 },
    );
  });

  it('token and policy hashes are what node:crypto makes of their fields', () => {
    const policy = { Name: 'ops', Description: 'Operators — üñí', Rules: 'namespace "*" {}\n' };
    expect(policyHash(policy)).toBe(nodeDigest([policy.Name, policy.Description, policy.Rules]));
    const token = {
      Name: 'Bootstrap Token',
      Type: 'management',
      Policies: ['a', 'b'],
      Global: true,
      Roles: [{ ID: 'r1' }],
    };
    expect(tokenHash(token)).toBe(
      nodeDigest(['Bootstrap Token', 'management', 'a', 'b', 'global', 'r1']),
    );
  });
});
