/** A CLI failure the person running it can act on: printed as one line, exit code 1, no stack trace. */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Runs a CLI's main function: known errors become a clear message and an exit code. */
export function runCli(main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (err: Error) => {
      if (err instanceof UsageError) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exitCode = err.exitCode;
      } else {
        process.stderr.write(`error: ${err.message}\n`);
        process.exitCode = 1;
      }
    },
  );
}
