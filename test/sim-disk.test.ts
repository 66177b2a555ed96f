/** Simulated disks: a crash loses exactly the writes that were not synced (model-based check). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SimDisk } from '../src/sim/disk.js';

type DiskOp =
  | { kind: 'write'; path: string; text: string }
  | { kind: 'append'; path: string; text: string }
  | { kind: 'truncate'; path: string; count: number }
  | { kind: 'delete'; path: string }
  | { kind: 'sync'; path: string | undefined }
  | { kind: 'crash' };

const pathArb = fc.constantFrom('raft/log', 'raft/state', 'server/acl-bootstrap-reset');
const textArb = fc.string({ maxLength: 4 });
const opArb: fc.Arbitrary<DiskOp> = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), path: pathArb, text: textArb }),
  fc.record({ kind: fc.constant('append' as const), path: pathArb, text: textArb }),
  fc.record({ kind: fc.constant('truncate' as const), path: pathArb, count: fc.nat(4) }),
  fc.record({ kind: fc.constant('delete' as const), path: pathArb }),
  fc.record({ kind: fc.constant('sync' as const), path: fc.option(pathArb, { nil: undefined }) }),
  fc.constant({ kind: 'crash' as const }),
);

/** The oracle: whole-file copies, one map for what reads see, one for what is durable. */
class OracleDisk {
  current = new Map<string, string[]>();
  durable = new Map<string, string[]>();
  apply(op: DiskOp): void {
    switch (op.kind) {
      case 'write':
        this.current.set(op.path, [op.text]);
        break;
      case 'append':
        this.current.set(op.path, [...(this.current.get(op.path) ?? []), op.text]);
        break;
      case 'truncate': {
        const records = this.current.get(op.path);
        if (records) this.current.set(op.path, records.slice(0, op.count));
        break;
      }
      case 'delete':
        this.current.delete(op.path);
        break;
      case 'sync':
        for (const path of op.path === undefined
          ? [...new Set([...this.current.keys(), ...this.durable.keys()])]
          : [op.path]) {
          const records = this.current.get(path);
          if (records) this.durable.set(path, [...records]);
          else this.durable.delete(path);
        }
        break;
      case 'crash':
        this.current = new Map([...this.durable].map(([k, v]) => [k, [...v]]));
        break;
    }
  }
}

function applyTo(disk: SimDisk, op: DiskOp): void {
  switch (op.kind) {
    case 'write':
      return disk.write(op.path, op.text);
    case 'append':
      return disk.append(op.path, op.text);
    case 'truncate':
      return disk.truncateRecords(op.path, op.count);
    case 'delete':
      return disk.delete(op.path);
    case 'sync':
      return disk.sync(op.path);
    case 'crash':
      return disk.crash();
  }
}

describe('SimDisk', () => {
  it('a crash keeps exactly what was synced', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const disk = new SimDisk('s1');
        const oracle = new OracleDisk();
        for (const op of ops) {
          applyTo(disk, op);
          oracle.apply(op);
          for (const path of ['raft/log', 'raft/state', 'server/acl-bootstrap-reset']) {
            const want = oracle.current.get(path);
            expect(disk.exists(path)).toBe(want !== undefined);
            if (want !== undefined) expect(disk.readText(path)).toBe(want.join(''));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('lists files by prefix and reports dirtiness', () => {
    const disk = new SimDisk('s1');
    disk.write('server/acl-bootstrap-reset', '7\n');
    disk.append('raft/log', 'a');
    expect(disk.list('server/')).toEqual(['server/acl-bootstrap-reset']);
    expect(disk.isDirty('raft/log')).toBe(true);
    disk.sync();
    expect(disk.isDirty('raft/log')).toBe(false);
    disk.append('raft/log', 'b');
    disk.crash();
    expect(disk.readText('raft/log')).toBe('a');
  });
});
