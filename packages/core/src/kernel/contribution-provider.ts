import { type Bind, type ResolutionContext, type ServiceIdentifier } from 'inversify';

export const ContributionProvider = Symbol.for('core.ContributionProvider');
/**
 * Gives every binding of one contribution token, in binding order (which is module load order,
 * so the host's module list decides it). Resolved lazily on first use, so a contribution may
 * itself depend on services that are bound after the provider.
 */
export interface ContributionProvider<T> {
  getContributions(): readonly T[];
}

class ContainerContributionProvider<T> implements ContributionProvider<T> {
  private contributions: readonly T[] | undefined;

  constructor(
    private readonly token: ServiceIdentifier<T>,
    private readonly context: ResolutionContext,
  ) {}

  getContributions(): readonly T[] {
    this.contributions ??= Object.freeze(this.context.getAll<T>(this.token, { optional: true }));
    return this.contributions;
  }
}

/**
 * Binds a `ContributionProvider` for `token`, injectable with
 * `@inject(ContributionProvider) @named(token)`. Contributions themselves are bound plainly
 * (`bind(token).toService(Impl)`), never with `whenNamed`: inversify 7's `getAll` skips named
 * bindings.
 */
export function bindContributionProvider(bind: Bind, token: symbol): void {
  bind(ContributionProvider)
    .toDynamicValue((context) => new ContainerContributionProvider(token, context))
    .inSingletonScope()
    .whenNamed(token);
}
