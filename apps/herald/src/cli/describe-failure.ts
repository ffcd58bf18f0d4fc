import { ConfigError, LifecycleError } from '@herald/core';

/**
 * Unwraps lifecycle and aggregate errors down to what went wrong: a configuration problem is
 * shown with its file, line and path; anything else with the component that failed.
 */
export function describeFailure(error: unknown): { message: string; invalidConfig: boolean } {
  if (error instanceof ConfigError) return { message: error.message, invalidConfig: true };
  if (error instanceof LifecycleError) {
    if (error.cause instanceof ConfigError) return { message: error.cause.message, invalidConfig: true };
    return { message: error.message, invalidConfig: false };
  }
  if (error instanceof AggregateError) {
    const parts = error.errors.map((e) => describeFailure(e));
    return { message: parts.map((p) => p.message).join('\n'), invalidConfig: parts.some((p) => p.invalidConfig) };
  }
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error), invalidConfig: false };
}
