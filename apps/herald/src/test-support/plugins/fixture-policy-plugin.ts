import { z } from 'zod';
import {
  Availability,
  ConfigError,
  ContainerModule,
  definePlugin,
  type LifecycleContribution,
  LifecycleContribution as LifecycleToken,
  parseConfig,
  PresencePolicy,
  type PresencePolicyDecision,
} from '@herald/core';

const optionsSchema = z.strictObject({
  /** The policy's id, so that one test can load this fixture twice. */
  id: z.string(),
  /** Every alias gets this state. */
  state: z.enum(['busy', 'away']),
  /** Its lifecycle contribution throws in start(). */
  fail_start: z.boolean().default(false),
});

/** Records what happened to the fixture's instances, for the host's tests. */
export const fixtureEvents: string[] = [];

/** A test plugin: a presence policy that sets one state, plus a lifecycle contribution. */
export const heraldPlugin = definePlugin({
  name: 'fixture-policy',
  heraldApi: '1.0',
  contributes: ['presence-policy', 'lifecycle'],
  createModule(options, context) {
    const parsed = parseConfig(optionsSchema, options, context.configPath);
    if (!parsed.ok) throw new ConfigError('fixture', parsed.issues);
    const { id, state, fail_start: failStart } = parsed.value;
    const policy: PresencePolicy = {
      id,
      decide: (): PresencePolicyDecision => ({ action: 'set', availability: state === 'busy' ? Availability.Busy : Availability.Away, reason: `${id} says ${state}` }),
    };
    const lifecycle: LifecycleContribution = {
      id: `${id}.lifecycle`,
      start: () => {
        fixtureEvents.push(`${id} start`);
        if (failStart) throw new Error('the policy service refused our credentials');
      },
      stop: () => void fixtureEvents.push(`${id} stop`),
    };
    const warmup: LifecycleContribution = { id: `${id}.warmup`, start: () => void fixtureEvents.push(`${id} warmup start`), stop: () => void fixtureEvents.push(`${id} warmup stop`) };
    return new ContainerModule(({ bind }) => {
      bind(PresencePolicy).toConstantValue(policy);
      bind(LifecycleToken).toConstantValue(warmup);
      bind(LifecycleToken).toConstantValue(lifecycle);
    });
  },
});
