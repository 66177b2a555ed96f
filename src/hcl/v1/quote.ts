/**
 * Writing a string as a native HCL v1 quoted string that Go's HCL v1 reads back to exactly the
 * same value: quotes, backslashes and control characters are escaped, `${` is written `\x24{` (a
 * bare `${` would start an interpolation section that Go copies without unescaping), U+E123
 * (reserved by Go's scanner) is written `\ue123`, and raw bytes (see ./utf8.ts) are written
 * `\xNN`.
 */

import { isRawByteAt } from './utf8.js';

function hex2(value: number): string {
  return value.toString(16).padStart(2, '0');
}

export function quoteHclV1String(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += value.slice(i, i + 2);
        i++;
        continue;
      }
    }
    const ch = value[i] as string;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (unit < 0x20 || unit === 0x7f) out += `\\x${hex2(unit)}`;
    else if (ch === '$' && value[i + 1] === '{') out += '\\x24';
    else if (unit === 0xe123) out += '\\ue123';
    else if (isRawByteAt(value, i)) out += `\\x${hex2(unit - 0xdc00)}`;
    else out += ch;
  }
  return `${out}"`;
}
