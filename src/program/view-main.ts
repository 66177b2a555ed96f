/**
 * `nomad-sim view TRACE.jsonl [-o page.html]`: reads a trace file line by line (it can be hundreds
 * of megabytes) and writes its timeline page, by default next to it (`run.jsonl` → `run.html`).
 * Every line is checked against the trace schema; the first that is not a trace record stops the
 * command with one line naming the file, the line number and what is wrong, and exit status 2.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { TraceRecord } from '../sim/trace.js';
import { validateTraceRecord } from '../sim/trace-schema.js';
import { TimelineBuilder } from '../timeline/build-timeline.js';
import { openPageFile, PageFileError } from './timeline-page.js';
import { systemProblem } from './trace-file.js';

export const VIEW_USAGE = `Usage: nomad-sim view TRACE.jsonl [-o PAGE.html]

  Writes the timeline page of a run from its trace (--trace FILE of run, tutorial or chaos):
  one HTML file that opens from disk in any browser. Default PAGE: the trace's name with .html.`;

interface ViewArgs {
  trace: string;
  output: string;
}

function parseViewArgs(argv: readonly string[]): ViewArgs | { error: string } {
  let trace: string | null = null;
  let output: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (
      arg === '-o' ||
      arg === '--output' ||
      arg.startsWith('--output=') ||
      arg.startsWith('-o=')
    ) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value === undefined || value === '')
        return { error: `${arg.replace(/=.*/, '')} needs a file name` };
      if (output !== null) return { error: 'the output file is given twice' };
      output = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { error: `unknown argument ${JSON.stringify(arg)}` };
    } else if (trace === null) {
      trace = arg;
    } else {
      return { error: `unexpected argument ${JSON.stringify(arg)} (view takes one trace file)` };
    }
  }
  if (trace === null) return { error: 'view needs a trace file, e.g. nomad-sim view run.jsonl' };
  return { trace, output: output ?? `${trace.replace(/\.jsonl?$/i, '')}.html` };
}

/** Thrown for a trace file that cannot be read or is not a trace; the message is one line. */
class BadTrace extends Error {}

async function readTimeline(path: string): Promise<{ builder: TimelineBuilder; records: number }> {
  if (!existsSync(path)) throw new BadTrace(`cannot read ${path}: no such file`);
  if (statSync(path).isDirectory())
    throw new BadTrace(`cannot read ${path}: it is a folder; give a trace file`);
  const builder = new TimelineBuilder();
  let number = 0;
  let records = 0;
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      number++;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new BadTrace(
          `${path} line ${number} is not JSON: ${line.slice(0, 60)}${line.length > 60 ? '…' : ''}`,
        );
      }
      const problem = validateTraceRecord(value);
      if (problem !== null)
        throw new BadTrace(`${path} line ${number} is not a trace record: ${problem}`);
      builder.add(value as TraceRecord);
      records++;
    }
  } catch (error) {
    if (error instanceof BadTrace) throw error;
    throw new BadTrace(`cannot read ${path}: ${systemProblem(error)}`);
  } finally {
    lines.close();
    stream.destroy();
  }
  if (records === 0) throw new BadTrace(`${path} holds no trace records`);
  return { builder, records };
}

export async function viewMain(argv: readonly string[]): Promise<number> {
  const args = parseViewArgs(argv);
  if ('error' in args) {
    process.stderr.write(`nomad-sim view: ${args.error}\n\n${VIEW_USAGE}\n`);
    return 2;
  }
  let read: { builder: TimelineBuilder; records: number };
  try {
    read = await readTimeline(args.trace);
  } catch (error) {
    if (!(error instanceof BadTrace)) throw error;
    process.stderr.write(`nomad-sim view: ${error.message}\n`);
    return 2;
  }
  try {
    const page = openPageFile(args.output);
    const timeline = read.builder.finish();
    const title = timeline.transcript.length > 0 ? timeline.title : basename(args.trace);
    await page.write({ ...timeline, title });
    const lanes = timeline.lanes.length;
    process.stdout.write(
      `wrote ${args.output} (${read.records} records, ${lanes} lane${lanes === 1 ? '' : 's'}); open it in a browser\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof PageFileError)) throw error;
    process.stderr.write(`nomad-sim view: ${error.message}\n`);
    return 2;
  }
}
