/**
 * The wire and disk encoding: msgpackr with a shared structures table, as measured fastest in
 * STACK.md. Every message is encoded when sent and decoded on delivery, so no endpoint ever holds
 * another endpoint's objects. Sender and receiver share one Packr, which is what msgpackr's record
 * structures need (a fresh Packr cannot decode them).
 *
 * Each simulation owns its own codec: the structures table then starts empty in every run, so the
 * bytes a run produces (and the byte counts it records) do not depend on what ran before it in the
 * same process, and one run's message shapes never crowd out another's.
 *
 * A subsystem whose few message shapes make up most of the traffic can add a hand-written binary
 * format (`addFormat`) and offer values to it by id (`encode(value, formatId)`). The format
 * writes the values it takes after the byte 0xc1, which MessagePack never uses (as long as
 * msgpackr's `bundleStrings` option stays off), so a decoder tells the two encodings apart by the
 * first byte. A value the format does not take, and every value offered to no format, goes
 * through msgpackr.
 */
import { Packr } from 'msgpackr';

/** The first byte of every value written by an added format (MessagePack's "never used" byte). */
export const CUSTOM_FORMAT_MARKER = 0xc1;

/**
 * A hand-written encoding for some values. `tryEncode` returns the bytes (starting with
 * CUSTOM_FORMAT_MARKER, then the format's id) or undefined for a value it does not handle;
 * `decode` reads what `tryEncode` wrote and throws a RangeError on anything else.
 */
export interface CustomFormat {
  readonly id: number;
  tryEncode(value: unknown): Uint8Array | undefined;
  decode(bytes: Uint8Array): unknown;
}

export class Codec {
  private readonly packr = new Packr({
    structures: [],
    maxSharedStructures: 256,
    moreTypes: false,
  });
  private readonly formats: CustomFormat[] = [];

  /** Adds a format; its id must be a byte no other added format uses. */
  addFormat(format: CustomFormat): void {
    if (!Number.isInteger(format.id) || format.id < 0 || format.id > 255)
      throw new RangeError(`invalid custom format id ${String(format.id)}`);
    if (this.hasFormat(format.id))
      throw new RangeError(`custom format id ${format.id} is already in use`);
    this.formats.push(format);
  }

  /** Whether a format with this id was added (several servers share a codec and add it once). */
  hasFormat(id: number): boolean {
    return this.formats.some((format) => format.id === id);
  }

  /**
   * Encodes plain data (numbers, strings, arrays, plain objects, Uint8Array, null): with the
   * added format `formatId` when given and the format takes the value, else with msgpackr.
   */
  encode(value: unknown, formatId?: number): Uint8Array {
    if (formatId !== undefined) {
      const bytes = this.formatOf(formatId).tryEncode(value);
      if (bytes !== undefined) return bytes;
    }
    return this.packr.pack(value);
  }

  /** Decodes bytes produced by this codec's `encode`. */
  decode<T = unknown>(bytes: Uint8Array): T {
    if (bytes[0] === CUSTOM_FORMAT_MARKER) return this.formatOf(bytes[1]).decode(bytes) as T;
    return this.packr.unpack(bytes) as T;
  }

  private formatOf(id: number | undefined): CustomFormat {
    for (const format of this.formats) if (format.id === id) return format;
    throw new RangeError(`no custom format with id ${String(id)} in this codec`);
  }
}

const standalone = new Codec();

/** Encodes with a process-wide codec (benchmarks and tests outside a simulation). */
export function encode(value: unknown): Uint8Array {
  return standalone.encode(value);
}

/** Decodes bytes produced by `encode`. */
export function decode<T = unknown>(bytes: Uint8Array): T {
  return standalone.decode<T>(bytes);
}
