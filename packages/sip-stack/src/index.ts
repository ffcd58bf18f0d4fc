export { type SipTransportName, type SipSource, type SipParameters, type NameAddr, type SipHeaders, type SipRequest } from './sip-message';
export {
  SipStack,
  type SipHeaderFields,
  type SipResponseOptions,
  type IncomingSipRequest,
  type IncomingSubscribe,
  type SubscriptionAcceptOptions,
  type SubscriptionDialog,
  type InDialogRequestOptions,
  type InDialogOutcome,
  type SipCapabilities,
} from './sip-stack';
