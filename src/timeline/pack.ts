/**
 * The timeline as text to put inside the page, and back. The message table's times are written
 * as differences (each send after the previous one, each end after its send), which makes a long
 * run's page about a third smaller; every `<` is escaped so the text can sit inside a `<script>`
 * element whatever the trace contains.
 */
import { TIMELINE_FORMAT, type MessageTable, type Timeline } from './model.js';

interface PackedMessages extends Omit<MessageTable, 'send' | 'end'> {
  readonly sendDeltas: number[];
  readonly durations: number[];
}

type PackedTimeline = Omit<Timeline, 'messages'> & { readonly messages: PackedMessages };

export function packTimeline(timeline: Timeline): string {
  const { send, end, ...rest } = timeline.messages;
  const sendDeltas = send.map((t, i) => (i === 0 ? t : t - (send[i - 1] as number)));
  const durations = end.map((t, i) => t - (send[i] as number));
  const packed: PackedTimeline = { ...timeline, messages: { ...rest, sendDeltas, durations } };
  return JSON.stringify(packed).replace(/</g, '\\u003c');
}

/** Throws a plain Error when `text` is not a packed timeline of this format. */
export function unpackTimeline(text: string): Timeline {
  const packed = JSON.parse(text) as PackedTimeline;
  if (packed?.format !== TIMELINE_FORMAT) throw new Error(`not a ${TIMELINE_FORMAT} model`);
  const { sendDeltas, durations, ...rest } = packed.messages;
  const send: number[] = new Array<number>(sendDeltas.length);
  let t = 0;
  for (let i = 0; i < sendDeltas.length; i++) {
    t += sendDeltas[i] as number;
    send[i] = t;
  }
  const end = durations.map((d, i) => (send[i] as number) + d);
  return { ...packed, messages: { ...rest, send, end } };
}
