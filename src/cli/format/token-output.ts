/**
 * The token block printed by `nomad acl bootstrap` and `nomad acl token create|info|self|update`.
 *
 * The keys and their order come from the profile's `tokenKvKeys` (modern: Accessor ID, Secret ID,
 * Name, Type, Global, Create Time, Expiry Time, Create Index, Modify Index, Policies, Roles;
 * tutorial: Accessor ID, Secret ID, Name, Type, Global, Policies, Create Time, Create Index,
 * Modify Index). Values follow Nomad's `formatKV` of the API token:
 * - `Create Time` / `Expiry Time`: Go's time string of the JSON RFC 3339 value; no expiry prints
 *   `<none>`;
 * - management tokens: `Policies = n/a` (and `Roles = n/a` where roles exist);
 * - client tokens: `Policies = [p1 p2]` (Go's `%v` of a string slice); where roles exist the
 *   `Roles` key leaves the block and a section follows it: a blank line, `Roles`, then an
 *   `ID  Name` table or `<none>`.
 */
import type { VersionProfile } from '../../acl/index.js';
import { formatKV, formatList } from './columnize.js';
import { goTimeStringFromRfc3339, isGoZeroTimeText } from './go-time.js';
import {
  asArray,
  asObject,
  type JsonObject,
  readBool,
  readIndex,
  readString,
  readStringList,
} from './json-read.js';

function timeText(value: string): string {
  return goTimeStringFromRfc3339(value) ?? value;
}

function expiryText(token: JsonObject): string {
  const expiry = readString(token, 'ExpirationTime');
  return expiry === '' || isGoZeroTimeText(expiry) ? '' : timeText(expiry);
}

function isManagement(token: JsonObject): boolean {
  return readString(token, 'Type') === 'management';
}

/**
 * The text of one block key for `token` (API JSON). The `acl token list` table reads its columns
 * here too, so both print a field the same way.
 */
export function tokenValue(key: string, token: JsonObject): string {
  switch (key) {
    case 'Accessor ID':
      return readString(token, 'AccessorID');
    case 'Secret ID':
      return readString(token, 'SecretID');
    case 'Name':
      return readString(token, 'Name');
    case 'Type':
      return readString(token, 'Type');
    case 'Global':
      return String(readBool(token, 'Global'));
    case 'Create Time':
      return timeText(readString(token, 'CreateTime'));
    case 'Expiry Time':
      return expiryText(token);
    case 'Create Index':
      return readIndex(token, 'CreateIndex');
    case 'Modify Index':
      return readIndex(token, 'ModifyIndex');
    case 'Policies':
      return isManagement(token) ? 'n/a' : `[${readStringList(token, 'Policies').join(' ')}]`;
    case 'Roles':
      return 'n/a';
    default:
      throw new Error(`unknown token output key ${key}`);
  }
}

function rolesSection(token: JsonObject): string {
  const roles = asArray(token['Roles']).map(asObject);
  if (roles.length === 0) return 'Roles\n<none>';
  const rows = ['ID|Name', ...roles.map((r) => `${readString(r, 'ID')}|${readString(r, 'Name')}`)];
  return `Roles\n${formatList(rows)}`;
}

/** The token block for `token` (API JSON), without a final newline. */
export function formatToken(token: JsonObject, profile: VersionProfile): string {
  const management = isManagement(token);
  const keys = profile.tokenKvKeys.filter((key) => management || key !== 'Roles');
  const block = formatKV(keys.map((key) => `${key}|${tokenValue(key, token)}`));
  if (management || !profile.tokenKvKeys.includes('Roles')) return block;
  return `${block}\n\n${rolesSection(token)}`;
}
