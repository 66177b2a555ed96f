/**
 * The playground's timeline, fed from the live trace: every trace line the session writes goes
 * into a timeline builder as it is written, and the page takes the model of what was written so
 * far whenever it redraws (at most a few times a second while a command runs, and once after it).
 */
import type { TraceRecord } from '../sim/trace.js';
import { TimelineBuilder } from '../timeline/build-timeline.js';
import type { Timeline } from '../timeline/model.js';

export class LiveTimeline {
  private readonly builder = new TimelineBuilder();
  private fresh = false;
  private count = 0;

  /** Reads one trace line (JSON), as the session's trace sink. */
  readonly add = (line: string): void => {
    this.builder.add(JSON.parse(line) as TraceRecord);
    this.fresh = true;
    this.count++;
  };

  /** Records read so far. */
  get records(): number {
    return this.count;
  }

  /** True when records came since the last model was taken. */
  get changed(): boolean {
    return this.fresh;
  }

  /** The model of every record read so far. */
  take(title?: string): Timeline {
    this.fresh = false;
    return this.builder.finish(title);
  }
}
