/**
 * A fault schedule (chaos-schedule.ts) as one line of text, for `nomad-sim chaos --faults` and
 * for the replay commands of shrunk runs:
 *
 *   crash@26100ms server=global/server-2 for=4210ms; partition@31s sides=global/server-1|global/server-2,global/server-3 for=8s
 *
 * Faults are separated by `;`. Each is `KIND@TIME` (the virtual time it strikes, since the run
 * began) followed by `field=value` words: `server=`, `region=`, `sides=A,B|C` (two lists of
 * servers), `regions=A|B`, `for=`, `rate=` (0 to 1), `voterDown=`, `isolateFor=`, `gaps=` (six
 * times, comma-separated). Times are Go-style durations (`1500ms`, `26s`, `1m30s`). What describes
 * the recorded run (`struck`, `idle`) is left out: the text replays, it does not report.
 * `formatFaultSchedule` and `parseFaultSchedule` are inverse to each other.
 */
import { formatDuration, parseDuration } from './chaos-duration.js';
import { replayPart, type ChaosFault, type ChaosFaultField } from './chaos-schedule.js';

/** The word each field has in the text. */
const WORDS: Readonly<Record<ChaosFaultField, string>> = {
  server: 'server',
  region: 'region',
  sides: 'sides',
  regions: 'regions',
  forMs: 'for',
  rate: 'rate',
  voterDownMs: 'voterDown',
  isolateForMs: 'isolateFor',
  gapsMs: 'gaps',
};

const FIELD_OF_WORD = new Map(
  Object.entries(WORDS).map(([field, word]) => [word, field as ChaosFaultField]),
);

const ORDER: readonly ChaosFaultField[] = [
  'server',
  'region',
  'sides',
  'regions',
  'rate',
  'forMs',
  'voterDownMs',
  'isolateForMs',
  'gapsMs',
];

function formatValue(field: ChaosFaultField, value: unknown): string {
  switch (field) {
    case 'sides':
      return (value as string[][]).map((side) => side.join(',')).join('|');
    case 'regions':
      return (value as string[]).join('|');
    case 'gapsMs':
      return (value as number[]).map(formatDuration).join(',');
    case 'rate':
      return String(value);
    case 'server':
    case 'region':
      return value as string;
    default:
      return formatDuration(value as number);
  }
}

/** The schedule as one line (empty for no faults). */
export function formatFaultSchedule(faults: readonly ChaosFault[]): string {
  return faults
    .map((fault) => {
      const data = replayPart(fault) as unknown as Record<string, unknown>;
      const words = [`${fault.kind}@${formatDuration(fault.atMs)}`];
      for (const field of ORDER)
        if (data[field] !== undefined)
          words.push(`${WORDS[field]}=${formatValue(field, data[field])}`);
      return words.join(' ');
    })
    .join('; ');
}

function parseValue(field: ChaosFaultField, text: string): unknown {
  const ms = (part: string): number => {
    const value = parseDuration(part);
    if (value === null) throw new Error(`"${part}" is not a duration such as 1500ms or 26s`);
    return value;
  };
  switch (field) {
    case 'sides': {
      const sides = text.split('|');
      if (sides.length !== 2) throw new Error('sides need two lists of servers: A,B|C');
      return sides.map((side) => (side === '' ? [] : side.split(',')));
    }
    case 'regions':
      return text.split('|');
    case 'gapsMs':
      return text.split(',').map(ms);
    case 'rate': {
      if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`"${text}" is not a rate between 0 and 1`);
      return Number(text);
    }
    case 'server':
    case 'region':
      return text;
    default:
      return ms(text);
  }
}

/**
 * Parses the text of a schedule into faults (not yet checked against a run's servers: see
 * `scheduleProblem`), or returns what is wrong with it.
 */
export function parseFaultSchedule(text: string): ChaosFault[] | string {
  const faults: Array<Record<string, unknown>> = [];
  const parts = text.split(';').map((part) => part.trim());
  if (parts.length === 1 && parts[0] === '') return [];
  for (const [i, part] of parts.entries()) {
    const where = `fault ${i + 1} ("${part}")`;
    const [head, ...words] = part.split(/\s+/);
    const match = /^([A-Za-z0-9]+)@(\S+)$/.exec(head ?? '');
    if (match === null) return `${where}: expected KIND@TIME first, e.g. crash@26s`;
    const atMs = parseDuration(match[2] as string);
    if (atMs === null) return `${where}: "${match[2]}" is not a time such as 1500ms or 26s`;
    const fault: Record<string, unknown> = { atMs, kind: match[1] };
    for (const word of words) {
      const eq = word.indexOf('=');
      const field = eq < 0 ? undefined : FIELD_OF_WORD.get(word.slice(0, eq));
      if (field === undefined)
        return `${where}: "${word}" is not one of ${Object.values(WORDS)
          .map((w) => `${w}=`)
          .join(', ')}`;
      if (fault[field] !== undefined) return `${where}: ${WORDS[field]}= is given twice`;
      try {
        fault[field] = parseValue(field, word.slice(eq + 1));
      } catch (error) {
        return `${where}: ${WORDS[field]}=: ${(error as Error).message}`;
      }
    }
    faults.push(fault);
  }
  return faults as unknown as ChaosFault[];
}
