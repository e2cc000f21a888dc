// Reference solution of the lab 03 assignment (docs/instructors/README.md): MRU, which evicts the most recently used
// key. Kept out of the student handout; data/coursework/assignments/03.json names it as the hidden-trace reference.
// Checked by test/coursework/policy-checks.test.ts.
import type { PolicyDefinition } from 'syslab/cache';

const mru: PolicyDefinition = {
  name: 'mru',
  description: 'evicts the most recently used key',
  create(capacity, { keySpace }) {
    const cached = new Uint8Array(keySpace);
    let size = 0;
    let last = -1;
    return {
      access(key) {
        if (cached[key]) {
          last = key;
          return true;
        }
        if (size === capacity) cached[last] = 0;
        else size++;
        cached[key] = 1;
        last = key;
        return false;
      },
    };
  },
};

export default mru;
