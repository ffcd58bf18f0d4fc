export { createSipPresenceModule } from './sip-presence-module';
export { SipPresenceAdapter } from './sip-presence-adapter';
export {
  SipPresenceOptions,
  sipSubscriptionsSchema,
  sipPresenceOptions,
  defaultSipPresenceOptions,
  type SipSubscriptionsSection,
} from './sip-presence-options';
export { type SubscriptionLimits, type SubscriptionStats } from './subscriptions/subscription-manager';
export { renderCategoriesDocument, publishedCategories, type CategoriesOptions } from './documents/categories-document';
export { renderPidfDocument } from './documents/pidf-document';
export { renderMsrtcPidfDocument } from './documents/msrtc-pidf-document';
export { renderRlmiMultipart, type RlmiOptions, type RlmiResource, type MultipartBody } from './documents/rlmi-document';
export { planSubscribe, type SubscribePlan, type SubscribeDecision, type ExpiryPolicy } from './request/subscribe-plan';
