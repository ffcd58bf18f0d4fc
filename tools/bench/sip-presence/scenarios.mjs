// SIPp scenarios for the presence benchmark, written with concrete pauses at run time. Each
// call has its own watcher (From bench<n>@contoso.com), as Front Ends subscribe on behalf of
// many users, so the per-watcher cap does not interfere.

const subscribe = ({ cseq, accept, extra = [], expires, inDialog = false, body }) => {
  const lines = [
    'SUBSCRIBE sip:[field0] SIP/2.0',
    'Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]',
    'From: <sip:bench[call_number]@contoso.com>;tag=[pid]b[call_number]',
    `To: <sip:[field0]>${inDialog ? '[peer_tag_param]' : ''}`,
    'Call-ID: [call_id]',
    `CSeq: ${cseq} SUBSCRIBE`,
    'Contact: <sip:bench[call_number]@[local_ip]:[local_port]>',
    'Max-Forwards: 70',
    'Event: presence',
    `Accept: ${accept}`,
    `Expires: ${expires}`,
    ...extra,
    body ? 'Content-Length: [len]' : 'Content-Length: 0',
  ];
  return `  <send retrans="500"><![CDATA[\n\n${lines.join('\n')}\n\n${body ?? ''}\n]]></send>\n`;
};

const ok = `  <send><![CDATA[

SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
`;
const recv200 = '  <recv response="200" rtd="true"/>\n';
const recvNotify = (timeoutMs) => `  <recv request="NOTIFY" crlf="true"${timeoutMs ? ` timeout="${timeoutMs}"` : ''}/>\n`;
const pause = (ms) => `  <pause milliseconds="${ms}"/>\n`;
const wrap = (name, body) => `<?xml version="1.0" encoding="ISO-8859-1"?>\n<scenario name="${name}">\n${body}</scenario>\n`;

const lyncAccept = 'application/msrtc-event-categories+xml, text/xml+msrtc.pidf, application/pidf+xml, application/rlmi+xml, multipart/related';
const batchBody =
  '<batchSub xmlns="http://schemas.microsoft.com/2006/01/sip/batch-subscribe" uri="sip:bench[call_number]@contoso.com" name="">' +
  '<action name="subscribe" id="1"><adhocList><resource uri="sip:[field0]"/></adhocList>' +
  '<categoryList xmlns="http://schemas.microsoft.com/2006/09/sip/categorylist"><category name="contactCard"/><category name="note"/><category name="state"/></categoryList>' +
  '</action></batchSub>';
const pidf = 'application/pidf+xml';
const unsubscribe = (cseq, accept) => subscribe({ cseq, accept, expires: 0, inDialog: true }) + recv200 + recvNotify() + ok;

/** Lync's single category subscription with the document piggybacked in the 200, then unsubscribe. */
export const piggybackFlow = () =>
  wrap(
    'bench: SUBSCRIBE, 200 with the document, unSUBSCRIBE, 200, NOTIFY terminated',
    subscribe({ cseq: 1, accept: lyncAccept, expires: 3600, extra: ['Supported: ms-piggyback-first-notify', 'Content-Type: application/msrtc-adrl-categorylist+xml'], body: batchBody }) +
      recv200 +
      unsubscribe(2, lyncAccept),
  );

/** RFC 3856: SUBSCRIBE, 200, NOTIFY, unSUBSCRIBE, NOTIFY (the flow presence servers are usually measured with). */
export const pidfFlow = () =>
  wrap('bench: SUBSCRIBE, 200, NOTIFY, unSUBSCRIBE, 200, NOTIFY terminated', subscribe({ cseq: 1, accept: pidf, expires: 3600 }) + recv200 + recvNotify() + ok + unsubscribe(2, pidf));

/** A subscription held for a while, refreshed half-way, then ended. */
export const holdFlow = (refreshAfterMs, endAfterMs) =>
  wrap(
    'bench: a held, refreshed subscription',
    subscribe({ cseq: 1, accept: pidf, expires: 3600 }) +
      recv200 +
      recvNotify() +
      ok +
      pause(refreshAfterMs) +
      subscribe({ cseq: 2, accept: pidf, expires: 3600, inDialog: true }) +
      recv200 +
      recvNotify() +
      ok +
      pause(endAfterMs) +
      unsubscribe(3, pidf),
  );

/** A subscription that waits for one change of the room, then ends. */
export const changeFlow = (waitMs) =>
  wrap(
    'bench: wait for a change NOTIFY',
    subscribe({ cseq: 1, accept: pidf, expires: 3600 }) + recv200 + recvNotify() + ok + recvNotify(waitMs) + ok + unsubscribe(2, pidf),
  );
