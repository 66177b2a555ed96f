/**
 * Text helpers of the timeline page: virtual times as people read them (`8.626 s`, `2:05.300`),
 * short token ids, and escaping for the SVG and HTML the page builds as strings.
 */

/** `t` virtual ms as `8.626 s` (under a minute) or `m:ss.mmm`. */
export function formatTime(t: number): string {
  if (t < 60_000) return `${(t / 1000).toFixed(3)} s`;
  const minutes = Math.floor(t / 60_000);
  const seconds = (t - minutes * 60_000) / 1000;
  return `${minutes}:${seconds.toFixed(3).padStart(6, '0')}`;
}

/** A duration in ms, short: `12 ms`, `1.5 s`, `2 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** A token accessor shortened to its first 8 characters; policy names stay whole. */
export function shortId(what: 'policies' | 'tokens', id: string): string {
  return what === 'tokens' && id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML or SVG markup (element text and quoted attributes). */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}
