/**
 * The page's position as a URL fragment, so a link opens the same moment: the cursor time, the
 * visible window, the selected server and the playback speed, e.g.
 * `#t=8626&from=8000&to=9500&lane=global/server-1&speed=2`. Parsing never throws: a fragment
 * with missing or nonsense values gives back only the values that make sense.
 */

export interface ViewPosition {
  /** The cursor, in virtual ms. */
  readonly t?: number;
  readonly from?: number;
  readonly to?: number;
  /** The selected lane's id (`region/server`). */
  readonly lane?: string;
  readonly speed?: number;
}

/** The fragment (without `#`) for `position`; fields left out are not written. */
export function formatViewPosition(position: ViewPosition): string {
  const parts: string[] = [];
  const number = (name: string, value: number | undefined): void => {
    if (value !== undefined && Number.isFinite(value))
      parts.push(`${name}=${Math.round(value * 1000) / 1000}`);
  };
  number('t', position.t);
  number('from', position.from);
  number('to', position.to);
  if (position.lane !== undefined)
    parts.push(`lane=${encodeURIComponent(position.lane).replace(/%2F/g, '/')}`);
  number('speed', position.speed);
  return parts.join('&');
}

/** The position a fragment (with or without `#`) names. */
export function parseViewPosition(fragment: string): ViewPosition {
  const out: { t?: number; from?: number; to?: number; lane?: string; speed?: number } = {};
  for (const part of fragment.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1));
    } catch {
      continue;
    }
    const n = Number(value);
    const finite = value !== '' && Number.isFinite(n);
    if ((name === 't' || name === 'from' || name === 'to') && finite) out[name] = n;
    else if (name === 'speed' && finite && n > 0) out.speed = n;
    else if (name === 'lane' && value !== '') out.lane = value;
  }
  if (out.from !== undefined && out.to !== undefined && out.to <= out.from) {
    delete out.from;
    delete out.to;
  }
  return out;
}
