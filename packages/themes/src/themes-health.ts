import { type HealthContribution, type HealthReport, inject, injectable } from '@herald/core';
import { ThemeStore } from './theme-store';

/** `degraded` while some theme package or avatar file is refused, naming them; `ok` otherwise. */
@injectable()
export class ThemesHealth implements HealthContribution {
  readonly id = 'themes';

  constructor(@inject(ThemeStore) private readonly store: ThemeStore) {}

  check(): HealthReport {
    const refused = this.store.findings().filter((f) => f.severity === 'error');
    if (refused.length === 0) return { status: 'ok' };
    return { status: 'degraded', detail: refused.map((f) => f.message).join('; ') };
  }
}
