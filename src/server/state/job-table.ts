/**
 * The minimal job surface of a region's replicated state: enough for `nomad job run|status|stop`
 * and `nomad status` to have something that ACL policies protect (namespaced jobs).
 */

export interface JobRecord {
  ID: string;
  Name: string;
  Namespace: string;
  Type: string;
  Priority: number;
  Status: 'pending' | 'running' | 'dead';
  Stop: boolean;
  SubmitTime: number;
  CreateIndex: number;
  ModifyIndex: number;
  JobModifyIndex: number;
}

export type JobCommand =
  | {
      type: 'job.register';
      job: Omit<JobRecord, 'CreateIndex' | 'ModifyIndex' | 'JobModifyIndex' | 'Status' | 'Stop'>;
    }
  | { type: 'job.deregister'; namespace: string; id: string; purge: boolean };

export interface JobImage {
  format: 'jobs/1';
  jobs: JobRecord[];
  tableIndex: number;
}

function key(namespace: string, id: string): string {
  return `${namespace}\u0000${id}`;
}

export class JobTable {
  private jobs = new Map<string, JobRecord>();
  private index = 0;

  apply(index: number, command: JobCommand): { index: number } {
    this.index = index;
    if (command.type === 'job.register') {
      const k = key(command.job.Namespace, command.job.ID);
      const existing = this.jobs.get(k);
      this.jobs.set(k, {
        ...command.job,
        Status: 'running',
        Stop: false,
        CreateIndex: existing?.CreateIndex ?? index,
        ModifyIndex: index,
        JobModifyIndex: index,
      });
    } else {
      const k = key(command.namespace, command.id);
      const existing = this.jobs.get(k);
      if (existing !== undefined) {
        if (command.purge) this.jobs.delete(k);
        else this.jobs.set(k, { ...existing, Stop: true, Status: 'dead', ModifyIndex: index });
      }
    }
    return { index };
  }

  get(namespace: string, id: string): JobRecord | undefined {
    return this.jobs.get(key(namespace, id));
  }

  /** Jobs of one namespace (or all with `*`), ordered by ID. */
  list(namespace: string): JobRecord[] {
    return [...this.jobs.values()]
      .filter((job) => namespace === '*' || job.Namespace === namespace)
      .sort((a, b) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : a.Namespace < b.Namespace ? -1 : 1));
  }

  get tableIndex(): number {
    return this.index;
  }

  snapshot(): JobImage {
    return { format: 'jobs/1', jobs: [...this.jobs.values()], tableIndex: this.index };
  }

  restore(image: JobImage): void {
    if (image?.format !== 'jobs/1') throw new Error('not a jobs snapshot image (format jobs/1)');
    this.jobs = new Map(image.jobs.map((job) => [key(job.Namespace, job.ID), job]));
    this.index = image.tableIndex;
  }
}
