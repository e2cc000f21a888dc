// Reference solution of the lab 02 assignment (docs/instructors/README.md): a ticket lock. Each thread draws a ticket
// (slot 0) and parks until "now serving" (slot 1) reaches it, so threads get the lock in arrival order. Kept out of
// the student handout. Checked by test/coursework/lock-checks.test.ts.
import type { Lock } from 'syslab/threads';

const NEXT_TICKET = 0;
const NOW_SERVING = 1;

export default class TicketLock implements Lock {
  constructor(private readonly cells: Int32Array) {}

  lock(): void {
    const ticket = Atomics.add(this.cells, NEXT_TICKET, 1);
    for (;;) {
      const serving = Atomics.load(this.cells, NOW_SERVING);
      if (serving === ticket) return;
      Atomics.wait(this.cells, NOW_SERVING, serving);
    }
  }

  unlock(): void {
    Atomics.add(this.cells, NOW_SERVING, 1);
    // Every waiter checks whether its ticket is up; only one of them goes on.
    Atomics.notify(this.cells, NOW_SERVING);
  }
}
