// Bree starts jobs in worker threads, which tsx's loader does not reach when the service runs from
// TypeScript sources (tests, `tsx src/server.ts`). This compiled-free entry loads the job through tsx.
// Production runs the compiled dist/jobs/*.js directly and never uses this file.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.tsJobPath, import.meta.url);
