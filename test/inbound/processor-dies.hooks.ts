/**
 * Loaded into the processor thread by test/inbound/processor-restart.test.ts: the thread dies as it
 * starts, as one does when its database cannot be opened, every time it is started.
 */
throw new Error('this thread cannot start');
