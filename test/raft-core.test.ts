/**
 * Data-driven tests of the Raft core (src/raft), in the spirit of etcd-io/raft's interaction
 * tests: each file under test/raft-core/ is a script of commands against real `RaftNode`s, and
 * under every command the exact text of what the nodes did. A change in Raft behaviour shows up as
 * a readable diff. The engine is test/support/raft-script.ts.
 *
 * FILE FORMAT
 *   # comment                 (lines starting with # and blank lines between blocks are kept)
 *   <command> <args...>
 *   ----
 *   <expected output, one line per event, up to the next blank line or the end of the file>
 *
 * UPDATING: run `UPDATE_RAFT_CORE=1 npx vitest run test/raft-core.test.ts` (or `npx vitest run
 * test/raft-core.test.ts -u`; put -u after the file, as `-u <file>` is read differently) to rewrite
 * every expected block in place with the actual output. Then read the diff: every block must show
 * correct Raft behaviour. A file that fails to run (a malformed command) is never rewritten.
 *
 * THE WORLD
 *   One virtual clock (ms, starts at 0) and one FIFO message queue, both moved only by commands.
 *   Every node's random stream always draws its lowest value, so a follower's election timer is
 *   exactly heartbeatTimeout after its last leader contact, a candidate's is electionTimeout, and
 *   a leader heartbeats every heartbeatTimeout/10. Effects run at once and in order: persists
 *   reach the node's disk immediately, sends join the queue (as msgpackr bytes), applies feed a
 *   toy state machine (the list of applied command payloads; its JSON is the snapshot image).
 *   The world fails the script when two nodes lead one term or two nodes apply different entries
 *   at one index.
 *
 * COMMANDS
 *   init <id>... [key=value]...   new cluster of the ids, each bootstrapped with all of them as
 *                                 voters at t=0; options: preVote=true|false, heartbeatTimeout,
 *                                 electionTimeout, leaderLeaseTimeout, commitTimeout (ms, default
 *                                 hashicorp/raft's 1000/1000/500/50), snapshotThreshold,
 *                                 trailingLogs, maxAppendEntries. May appear again to start over.
 *   tick <id>[,<id>...]|all <ms>  advance the clock by ms, then call tick(now) on those live nodes
 *                                 (other nodes' timers are not serviced; messages stay queued)
 *   run <ms>                      let ms pass normally: deliver everything pending, then fire
 *                                 the live nodes' timers when nextDeadline() comes, one at a time
 *                                 (init order at equal times), delivering every message at once
 *                                 after each firing (so a timer due at the same instant may have
 *                                 been pushed back by then)
 *   deliver [<from>-><to>...]     deliver the messages pending now (only those on the links, * for
 *                                 any node) in queue order; messages they cause stay queued
 *   stabilize [<from>-><to>...]   deliver until no message (on those links) is pending; time
 *                                 does not move
 *   drop [<from>-><to>...]        discard pending messages
 *   propose <id> <data>           propose a command (data: letters, digits, _ . -)
 *   transfer <id> [<target>]      transferLeadership
 *   snapshot <id>                 snapshotTaken at the state machine's applied index
 *   crash <id>                    the node stops; its disk stays; messages in flight stay queued
 *   restart <id>                  a new node built from the disk alone
 *   partition <ids> | <ids> ...   only nodes of one group reach each other (unlisted: alone);
 *                                 checked at delivery
 *   heal                          remove the partition
 *   hide <type>... | hide none    from now on print no messages of exactly these types (sends,
 *                                 and deliveries unless they cause a visible effect); a block
 *                                 that hid lines ends with "(hidden: N sent, M delivered)"
 *   status [<id>...]              the clock, pending messages and each node's state
 *
 * OUTPUT
 *   A block with nothing to show reads "ok". Every call into a node prints a header at column 0
 *   and then its effects indented by two spaces, in the order the node queued them:
 *     headers      a delivery is the message itself ("1->2 heartbeat term=2 commit=1"); a message
 *                  that cannot arrive is printed with "(dropped: partitioned)" or "(dropped: 2 is
 *                  down)"; "tick 1", "restart 1", "bootstrap 1", and for propose / transfer /
 *                  snapshot the command and its result ("propose 1 "x": ok 3@2", "refused <reason>
 *                  leader=<id>"). `tick` and `run` print the time as "@<ms>" before the calls made
 *                  then; `run` skips timer firings that did nothing.
 *     entries      <index>@<term>:noop | :cfg(<voters>) | :"<data>"
 *     sends        <from>-><to> <type> term=<message term> and per type:
 *                    requestVote last=<index>@<term> [pre] [transfer]
 *                    requestVoteResponse voteTerm=<term asked for> granted|rejected [pre]
 *                    appendEntries prev=<index>@<term> commit=<leaderCommit> entries=[...]
 *                    appendEntriesResponse ok match=<index> |
 *                      reject prev=<rejected prevLogIndex> conflict=<hint index> conflictTerm=<term|->
 *                    heartbeat commit=<leaderCommit>; heartbeatResponse; timeoutNow
 *                    installSnapshot snap=<index>@<term> cfg(<voters>)@<configuration index>
 *                    installSnapshotResponse match=<index>
 *     persists     persist term=<t> vote=<id|->
 *                  persist entries [truncate>=<i>] [entries]
 *                  persist snapshot <i>@<t> cfg(...)@<ci> deleteLogThrough=<i>
 *     others       role <follower|candidate|leader> term=<t> leader=<id|->; commit <i>@<t>;
 *                  apply [entries]; restore snapshot <i>@<t>; leadership transfer to <id> failed
 *   status prints "t=<now> pending=<queued messages> [partition=a,b|c]" and per node
 *     "<id> <role> term vote leader commit applied snap=<i>@<t> log=[last 8 held entries]
 *     fsm=[applied payloads] [transferring]", or "<id> down: disk term vote snap log".
 *
 * A malformed command (unknown command or node, bad arguments, a command without "----") fails
 * the file's test with "<file>:<line>: <problem>".
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { mismatches, runScript, ScriptError } from './support/raft-script.js';

const DIRECTORY = fileURLToPath(new URL('./raft-core/', import.meta.url));
const FILES = readdirSync(DIRECTORY)
  .filter((name) => name.endsWith('.txt'))
  .sort();

/** True with UPDATE_RAFT_CORE=1 or vitest's `-u`. */
function updating(): boolean {
  return (
    process.env.UPDATE_RAFT_CORE === '1' ||
    expect.getState().snapshotState.snapshotUpdateState === 'all'
  );
}

describe('Raft core scripts (test/raft-core/*.txt)', () => {
  test('there are scripts to run', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(6);
  });

  test.each(FILES)('%s', (name) => {
    const path = `${DIRECTORY}${name}`;
    const text = readFileSync(path, 'utf8');
    const run = runScript(text, `test/raft-core/${name}`);
    if (updating()) {
      if (run.rewritten !== text) writeFileSync(path, run.rewritten);
      return;
    }
    const wrong = mismatches(run).map(
      (block) => `test/raft-core/${name}:${block.line}: ${block.command}`,
    );
    expect(run.rewritten, `output differs under:\n${wrong.join('\n')}`).toBe(text);
  });
});

describe('the script runner itself', () => {
  /** `init 1 2 3` with its real output, so that the blocks below start on line 5 and later. */
  const header = `init 1 2 3\n----\n${runScript('init 1 2 3\n----\n', 'header.txt').blocks[0]?.actual.join('\n')}\n\n`;

  /** The line number of the first line after the header. */
  const BODY = header.split('\n').length;

  test.each([
    ['an unknown command', 'frobnicate 1\n----\nok\n', 0, 'unknown command "frobnicate"'],
    ['an unknown node', 'propose 7 x\n----\nok\n', 0, 'unknown node "7"'],
    [
      'a missing separator',
      'status\nok\n',
      0,
      'expected "----" on the line after the command "status"',
    ],
    ['a bad number', 'tick 1 soon\n----\nok\n', 0, 'tick: ms: expected a whole number, got "soon"'],
    ['too many arguments', 'crash 1 2\n----\nok\n', 0, 'crash: expected 1 argument, got 2'],
    ['a bad link', 'deliver 1-2\n----\nok\n', 0, 'invalid link "1-2"'],
    ['a bad partition', 'partition 1 2 3\n----\nok\n', 0, 'partition: expected groups'],
    [
      'an unknown message type',
      '# quiet\nhide gossip\n----\nok\n',
      1,
      'hide: unknown message type "gossip"',
    ],
    [
      'a command on a crashed node',
      'crash 2\n----\nok\n\ntick 2 5\n----\nok\n',
      4,
      'node 2 is down',
    ],
  ])('%s fails with the file and line', (_what, body, offset, detail) => {
    const line = BODY + offset;
    let caught: unknown = null;
    try {
      runScript(header + body, 'bad.txt');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScriptError);
    const error = caught as ScriptError;
    expect({ file: error.file, line: error.line }).toEqual({ file: 'bad.txt', line });
    expect(error.message).toContain(`bad.txt:${line}: ${detail}`);
  });

  test('an unknown init option fails with its line', () => {
    expect(() => runScript('init 1 speed=3\n----\nok\n', 'init.txt')).toThrow(
      'init.txt:1: init: unknown option "speed"',
    );
  });

  test('a command before init fails with its line', () => {
    expect(() => runScript('# nothing yet\n\nstatus\n----\nok\n', 'early.txt')).toThrow(
      'early.txt:3: "status" before "init"',
    );
  });

  test('a wrong expectation is reported at its command, and rewriting fixes it', () => {
    const script = `${header}tick 1 1000\n----\n@1000\ntick 1\n  role leader term=9 leader=1\n\nstatus 1\n----\nstale\n`;
    const run = runScript(script, 'wrong.txt');
    expect(mismatches(run).map((block) => block.line)).toEqual([BODY, BODY + 6]);
    // The real first election step: node 1 becomes a pre-vote candidate and asks the others.
    expect(run.blocks[1]?.actual).toEqual([
      '@1000',
      'tick 1',
      '  role candidate term=1 leader=-',
      '  1->2 requestVote term=2 last=1@1 pre',
      '  1->3 requestVote term=2 last=1@1 pre',
    ]);
    const again = runScript(run.rewritten, 'wrong.txt');
    expect(mismatches(again)).toEqual([]);
    expect(again.rewritten).toBe(run.rewritten);
  });
});
