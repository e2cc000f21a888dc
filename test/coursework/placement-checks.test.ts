// Lab 06's checks: least-loaded rack-aware placement scores full marks; one that reuses a node for the last replica
// loses exactly the distinct-nodes points; one that loops is stopped with a message.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/coursework/check.js';
import { assignment, fixture, scores, tempDir } from './helpers.js';

describe('placement checks (lab 06)', () => {
  it('least-loaded, rack-aware placement scores 100 of 100', async () => {
    const r = await runCheck({ assignment: assignment('06'), file: fixture('least-loaded.ts') });
    expect(scores(r)).toEqual({ 'distinct-nodes': 40, 'rack-rule': 30, balance: 30 });
  });

  it('a placement that puts the third replica back on the first node loses distinct-nodes (40) only', async () => {
    const r = await runCheck({ assignment: assignment('06'), file: fixture('placement-reuses-node.ts') });
    expect(scores(r)).toEqual({ 'distinct-nodes': 0, 'rack-rule': 30, balance: 30 });
    // First block on 6 nodes / 2 racks, all loads 0: dn01 (rack 1), then the least-loaded node of rack 2, dn04.
    expect(r.tests[0].output).toBe('block 1073741825 (6 nodes on 2 rack(s)): [dn01, dn04, dn01] uses a node twice');
  });

  it('a chooseTargets that loops fails every check with the deadline message', async () => {
    const file = path.join(tempDir(), 'spin.ts');
    writeFileSync(file, 'export default { name: "spin", chooseTargets() { for (;;) {} } };\n');
    const r = await runCheck({ assignment: assignment('06', { callTimeout: 0.3 }), file });
    expect(r.score).toBe(0);
    for (const t of r.tests) expect(t.output).toMatch(/spin\.ts": chooseTargets\(\) did not return within 300 ms/);
  });
});
