import { describeFailure } from './describe-failure';

/** Where a command writes. The real CLI uses the process streams; tests capture them. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/**
 * Exit codes: 0 success; 1 a negative answer (no presence) or a runtime failure;
 * 2 an invalid configuration or command line.
 */
export const ExitCode = { ok: 0, failure: 1, invalid: 2 } as const;

/** Reports a failure the way a person should read it, and picks the exit code. */
export function reportFailure(io: CliIo, error: unknown): number {
  const { message, invalidConfig } = describeFailure(error);
  io.err(message);
  return invalidConfig ? ExitCode.invalid : ExitCode.failure;
}
