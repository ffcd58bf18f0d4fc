export { heraldPlugin } from './plugin';
export { createPresencePolicyModule } from './presence-policy-module';
export { HttpPresencePolicy } from './http-presence-policy';
export { PolicyOptions, parsePolicyOptions, policyOptionsSchema } from './policy-options';
export { parsePolicyAnswer, type ParsedAnswer } from './policy-answer';
