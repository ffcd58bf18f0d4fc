import { parseConfig } from '@herald/core';
import { SipStack } from '@herald/sip-stack';
import { createTestNode } from '@herald/testing';
import { embeddedSipConfigSchema, embeddedSipOptionsFromConfig } from './embedded-sip-config';
import { EmbeddedSipStack } from './embedded-sip-stack';
import { createEmbeddedSipStackModule } from './embedded-sip-stack-module';
import { defaultEmbeddedSipLimits, defaultSipTimers } from './embedded-sip-stack-options';

describe('the sip: configuration section (embedded stack keys)', () => {
  it('defaults to UDP and TCP on 5060 with RFC timers and the default limits', () => {
    const parsed = parseConfig(embeddedSipConfigSchema, { trusted_peers: ['10.0.0.0/24'] }, ['sip']);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const options = embeddedSipOptionsFromConfig(parsed.value, '/etc/herald');
    expect(options.listen).toEqual([
      { transport: 'udp', host: '0.0.0.0', port: 5060 },
      { transport: 'tcp', host: '0.0.0.0', port: 5060 },
    ]);
    expect(options.timers).toEqual(defaultSipTimers);
    expect(options.limits).toEqual(defaultEmbeddedSipLimits);
    expect(options.peers.trustedPeers).toEqual(['10.0.0.0/24']);
  });

  it('reads a mutual-TLS listener, resolving its files against the configuration folder', () => {
    const parsed = parseConfig(
      embeddedSipConfigSchema,
      { listen: [{ transport: 'tls', tls: { cert_file: 'herald.pem', key_file: '/keys/herald.key', ca_file: 'ca.pem', verify_client: true } }], contact: 'sip:presence.vc.example.com:5061;transport=tls', timers: { t1_ms: 250 } },
      ['sip'],
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const options = embeddedSipOptionsFromConfig(parsed.value, '/etc/herald');
    expect(options.listen).toEqual([{ transport: 'tls', host: '0.0.0.0', port: 5061, tls: { certFile: '/etc/herald/herald.pem', keyFile: '/keys/herald.key', caFile: '/etc/herald/ca.pem', verifyClient: true } }]);
    expect(options.contact).toBe('sip:presence.vc.example.com:5061;transport=tls');
    expect(options.timers).toEqual({ ...defaultSipTimers, t1Ms: 250 });
  });

  it('says what is wrong, where', () => {
    const parsed = parseConfig(embeddedSipConfigSchema, { listen: [{ transport: 'tls', port: 70000 }], contact: 'presence', limits: { max_dialog: 5 } }, ['sip']);
    expect(!parsed.ok && parsed.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'sip.listen.0.port: Too big: expected number to be <=65535',
      'sip.listen.0.tls: a TLS listener needs tls: { cert_file, key_file }',
      'sip.contact: must be a SIP URI such as sip:presence.vc.example.com:5061;transport=tls',
      "sip.limits.max_dialog: unknown field; did you mean 'max_dialogs'?",
    ]);
  });
});

describe('createEmbeddedSipStackModule', () => {
  it('binds SipStack to one embedded stack per container', () => {
    const options = { listen: [], peers: { trustedPeers: [] } };
    const { container } = createTestNode({ modules: [createEmbeddedSipStackModule(options)] });
    const stack = container.get<SipStack>(SipStack);
    expect(stack).toBeInstanceOf(EmbeddedSipStack);
    expect(container.get<SipStack>(SipStack)).toBe(stack);
    expect(createTestNode({ modules: [createEmbeddedSipStackModule(options)] }).container.get<SipStack>(SipStack)).not.toBe(stack);
  });
});
