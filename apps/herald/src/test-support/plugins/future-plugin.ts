import { ContainerModule, type HeraldPlugin } from '@herald/core';

/** A plugin written for a Herald API this host does not offer. */
export const heraldPlugin: HeraldPlugin = {
  name: '@acme/from-the-future',
  heraldApi: '2.0',
  contributes: ['lifecycle'],
  createModule: () => new ContainerModule(() => undefined),
};
