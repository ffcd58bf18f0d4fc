export { type SipTransportName, type SipSource, type SipParameters, type NameAddr, type SipHeaders, type SipRequest } from './sip-message';
export {
  SipStack,
  type SipHeaderFields,
  type SipResponseOptions,
  type IncomingSipRequest,
  type IncomingSubscribe,
  type SubscriptionAcceptOptions,
  type SubscriptionDialog,
  type InDialogSubscribeHandler,
  type InDialogRequestOptions,
  type InDialogOutcome,
  type SipCapabilities,
} from './sip-stack';

// Parser
export { type SipLimits, defaultSipLimits } from './parser/sip-limits';
export { ParsedSipMessage, type SipProblem, unfold } from './parser/parsed-sip-message';
export { parseSipDatagram, type SipParseResult } from './parser/parse-datagram';
export { SipStreamDecoder, type SipStreamEvent } from './parser/stream-decoder';
export { checkRequest, checkResponse, parseCSeq } from './parser/check-message';
export { canonicalHeaderName, displayHeaderName } from './parser/header-names';
export { splitList, firstListElement, parseParameters, formatParameters, quote, unquote } from './parser/header-values';
export { parseNameAddr, formatNameAddr } from './parser/name-addr';
export { parseVia, formatVia, type Via } from './parser/via';
export { parseSipUri, uriScheme, isAbsoluteUri, unescapeUri, formatHostPort, bareHost, type SipUri } from './parser/sip-uri';
export { printable } from './parser/scan-message';
export { detachString, unpooledCopy } from './parser/detach-string';

// Writer
export { writeResponse, writeRequest, type ResponseParts } from './writer/message-writer';
export { renderHeaderFields, encodeBody, contentTypeLine, toWire } from './writer/header-fields';
export { reasonPhrase } from './writer/reason-phrases';

// Peer policy
export { PeerPolicy, type PeerPolicyOptions } from './policy/peer-policy';
export { TrustedPeers } from './policy/trusted-peers';
export { RateLimiter, defaultRateLimit, type RateLimitOptions, type RateLimitBucket, type RateVerdict } from './policy/rate-limiter';
export { peerPolicyConfigShape, peerPolicyConfigSchema, peerPolicyOptionsFromConfig, type PeerPolicyConfig } from './policy/peer-policy-config';
