import type { ThreadHooks } from '../../src/inbound/processor-host.js';

/**
 * Loaded into the processor thread by test/inbound/processor-budget.test.ts: a reader that never finishes
 * for one message, standing for any input that reading gets stuck on, whatever the machine's speed.
 */
const hooks: ThreadHooks = {
  beforeRead(_inboundId, email) {
    if (email.subject === 'This reading never ends') {
      for (;;) {
        // Busy, like a pattern backtracking: no event, timer or message reaches the thread from here.
      }
    }
  },
};
export default hooks;
