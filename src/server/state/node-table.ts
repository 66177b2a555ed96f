/**
 * Client nodes registered with a region's servers (what `nomad node status` lists). A Nomad client
 * registers when it starts and heartbeats while it runs; the simulator keeps the registration and
 * its status (`ready` while the client runs, `down` after it stops).
 */

export interface NodeRecord {
  ID: string;
  Name: string;
  Datacenter: string;
  NodeClass: string;
  NodePool: string;
  Address: string;
  Status: 'initializing' | 'ready' | 'down';
  Drain: boolean;
  SchedulingEligibility: 'eligible' | 'ineligible';
  CreateIndex: number;
  ModifyIndex: number;
}

export type NodeCommand =
  | { type: 'node.register'; node: Omit<NodeRecord, 'CreateIndex' | 'ModifyIndex'> }
  | { type: 'node.status'; id: string; status: NodeRecord['Status'] };

export interface NodeImage {
  format: 'nodes/1';
  nodes: NodeRecord[];
  tableIndex: number;
}

export class NodeTable {
  private nodes = new Map<string, NodeRecord>();
  private index = 0;

  apply(index: number, command: NodeCommand): { index: number } {
    this.index = index;
    if (command.type === 'node.register') {
      const existing = this.nodes.get(command.node.ID);
      this.nodes.set(command.node.ID, {
        ...command.node,
        CreateIndex: existing?.CreateIndex ?? index,
        ModifyIndex: index,
      });
    } else {
      const existing = this.nodes.get(command.id);
      if (existing !== undefined)
        this.nodes.set(command.id, { ...existing, Status: command.status, ModifyIndex: index });
    }
    return { index };
  }

  /** Nodes ordered by ID, as Nomad's state store iterates them. */
  list(): NodeRecord[] {
    return [...this.nodes.values()].sort((a, b) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0));
  }

  get tableIndex(): number {
    return this.index;
  }

  snapshot(): NodeImage {
    return { format: 'nodes/1', nodes: this.list(), tableIndex: this.index };
  }

  restore(image: NodeImage | undefined): void {
    if (image === undefined) {
      this.nodes = new Map();
      this.index = 0;
      return;
    }
    if (image.format !== 'nodes/1') throw new Error('not a nodes snapshot image (format nodes/1)');
    this.nodes = new Map(image.nodes.map((n) => [n.ID, n]));
    this.index = image.tableIndex;
  }
}
