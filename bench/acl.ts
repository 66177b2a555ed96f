/**
 * Benchmark of the ACL core: policy parse throughput (a ~4 MiB policy in MB/s, a typical small
 * policy in parses/s), ACL compilation, and ACL checks per second. Numbers, not assertions:
 * run `npx tsx bench/acl.ts`, or import `runAclBench` from a bench runner that aggregates results.
 */

import { pathToFileURL } from 'node:url';
import { compileAcl, parsePolicy } from '../src/acl/index.js';
import { parseHcl } from '../src/hcl/index.js';

/** The tutorial's permissive anonymous policy, plus a variables block: a typical small policy. */
const SMALL_POLICY = `
namespace "*" {
  policy       = "write"
  capabilities = ["alloc-node-exec"]
}

namespace "default" {
  policy = "read"
  variables {
    path "nomad/jobs/*" {
      capabilities = ["read", "list"]
    }
  }
}

agent {
  policy = "write"
}

operator {
  policy = "write"
}

quota {
  policy = "write"
}

node {
  policy = "write"
}

host_volume "*" {
  policy = "write"
}
`;

function largePolicy(targetBytes: number): string {
  const blocks: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const block =
      `namespace "team-${i}-*" {\n  policy = "read"\n  capabilities = ["submit-job", "read-logs"] # team ${i}\n}\n` +
      `host_volume "vol-${i}" { policy = "write" }\n`;
    blocks.push(block);
    size += block.length;
  }
  return blocks.join('');
}

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up); returns iterations per second. */
function perSecond(fn: () => void, ms: number): number {
  const warmUpEnd = performance.now() + ms / 4;
  while (performance.now() < warmUpEnd) fn();
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 100; i++) fn();
    iterations += 100;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return (iterations * 1000) / elapsed;
}

/** Best of `runs` timings of `fn`, in milliseconds. */
function bestTime(fn: () => void, runs: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

export async function runAclBench(): Promise<Record<string, number>> {
  const large = largePolicy(4 * 1024 * 1024);
  const megabytes = Buffer.byteLength(large) / 1e6;
  const parseLargeMs = bestTime(() => parsePolicy(large), 4);
  const hclLargeMs = bestTime(() => parseHcl(large), 4);

  const smallPerSecond = perSecond(() => parsePolicy(SMALL_POLICY), 500);

  const policies = [
    { name: 'anonymous', policy: parsePolicy(SMALL_POLICY) },
    {
      name: 'ops',
      policy: parsePolicy(
        'namespace "prod-*" { policy = "deny" }\nnamespace "prod-web" { policy = "write" }\nnode_pool "gpu-*" { policy = "read" }',
      ),
    },
  ];
  const compilePerSecond = perSecond(() => compileAcl(policies), 300);

  const acl = compileAcl(policies);
  const names = ['default', 'prod-web', 'prod-api', 'staging', 'team-7'];
  let sink = 0;
  const checksPerCall = names.length * 4 + 2;
  const checkCallsPerSecond = perSecond(() => {
    for (const ns of names) {
      if (acl.allowNamespaceOperation(ns, 'submit-job')) sink++;
      if (acl.allowNamespace(ns)) sink++;
      if (acl.allowVariableOperation(ns, 'nomad/jobs/web', 'read')) sink++;
      if (acl.allowHostVolumeOperation(ns, 'mount-readwrite')) sink++;
    }
    if (acl.allowAgentRead()) sink++;
    if (acl.allowNodePoolOperation('gpu-a', 'read')) sink++;
  }, 500);
  if (sink < 0) console.log(sink);

  return {
    policyParseLargeMBps: megabytes / (parseLargeMs / 1000),
    hclParseLargeMBps: megabytes / (hclLargeMs / 1000),
    policyParseSmallPerSec: smallPerSecond,
    aclCompilePerSec: compilePerSecond,
    aclChecksPerSec: checkCallsPerSecond * checksPerCall,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runAclBench();
  console.log(`policy parse, ~4 MiB policy : ${results['policyParseLargeMBps']?.toFixed(1)} MB/s`);
  console.log(`HCL parse only, same input  : ${results['hclParseLargeMBps']?.toFixed(1)} MB/s`);
  console.log(
    `policy parse, small policy  : ${Math.round(results['policyParseSmallPerSec'] ?? 0)} parses/s`,
  );
  console.log(
    `ACL compile (2 policies)    : ${Math.round(results['aclCompilePerSec'] ?? 0)} compiles/s`,
  );
  console.log(
    `ACL checks                  : ${Math.round(results['aclChecksPerSec'] ?? 0)} checks/s`,
  );
}
