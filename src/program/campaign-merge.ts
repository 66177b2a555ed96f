/**
 * `nomad-sim campaign merge A.jsonl B.jsonl ... [--json]`: the summary of several result files
 * together — typically the shards of one campaign run on several machines — which is the summary
 * one unsharded run of the same seeds prints (campaign-summary.ts), up to the wall time.
 *
 * `combineResults` is also how a resumed campaign joins the lines it already has. Every line must
 * come from the same campaign (the same chaos flags); a seed found twice counts once when both
 * lines agree (up to wall times) and is an error when they do not, since a seed always gives the
 * same run: it means two simulator versions were mixed, or a run was not deterministic.
 * Exits 0 when every seed passed, 1 when one failed or threw, 2 on bad input.
 */
import { chaosFlagsOf, deterministicPart, type SeedRecord } from './campaign-record.js';
import { CampaignFileError, readResultsFile, type ResultLine } from './campaign-results-file.js';
import { formatSummary, summarise } from './campaign-summary.js';

/** The records of `lines`, each seed once, or why they do not belong together. */
export function combineResults(
  lines: readonly ResultLine[],
): { records: SeedRecord[] } | { error: string } {
  const first = lines[0];
  const bySeed = new Map<number, ResultLine>();
  for (const line of lines) {
    if (first !== undefined && chaosFlagsOf(line.record) !== chaosFlagsOf(first.record)) {
      return {
        error: `${line.where} ran another campaign (${chaosFlagsOf(line.record)}) than ${first.where} (${chaosFlagsOf(first.record)})`,
      };
    }
    const seen = bySeed.get(line.record.seed);
    if (seen === undefined) {
      bySeed.set(line.record.seed, line);
    } else if (deterministicPart(seen.record) !== deterministicPart(line.record)) {
      return {
        error: `seed ${line.record.seed} has two different results, ${seen.where} and ${line.where}: a seed always gives the same run, so these come from different simulator versions or a run was not deterministic`,
      };
    }
  }
  return { records: [...bySeed.values()].map((l) => l.record).sort((a, b) => a.seed - b.seed) };
}

/** Runs `campaign merge`; returns the exit code. */
export function mergeMain(files: readonly string[], json: boolean): number {
  const lines: ResultLine[] = [];
  try {
    for (const file of files) {
      const read = readResultsFile(file);
      if (read.partialTail)
        process.stderr.write(
          `nomad-sim campaign merge: ${file}: its last line is unfinished (the run was stopped while writing it); left out\n`,
        );
      lines.push(...read.lines);
    }
  } catch (error) {
    if (!(error instanceof CampaignFileError)) throw error;
    process.stderr.write(`nomad-sim campaign merge: ${error.message}\n`);
    return 2;
  }
  const combined = combineResults(lines);
  if ('error' in combined) {
    process.stderr.write(`nomad-sim campaign merge: ${combined.error}\n`);
    return 2;
  }
  const summary = summarise(combined.records);
  process.stdout.write(json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
  return summary.failed + summary.errors > 0 ? 1 : 0;
}
