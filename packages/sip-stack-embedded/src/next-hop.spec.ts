import { dialogRoute, TargetResolver } from './next-hop';

describe('dialogRoute (RFC 3261 §12.2.1.1)', () => {
  const target = 'sip:bob@192.0.2.9:5070;transport=tcp';

  it('sends straight to the remote target without a route set', () => {
    expect(dialogRoute([], target)).toEqual({ requestUri: target, routes: [], hop: target });
  });

  it('loose-routes through the first route when it has lr, keeping every route', () => {
    const routes = ['<sip:fe01.contoso.com:5061;transport=tls;lr;ms-route-sig=AB>', '<sip:edge.contoso.com;lr>'];
    expect(dialogRoute(routes, target)).toEqual({ requestUri: target, routes, hop: 'sip:fe01.contoso.com:5061;transport=tls;lr;ms-route-sig=AB' });
  });

  it('strict-routes otherwise: the first route becomes the Request-URI, the target the last Route', () => {
    expect(dialogRoute(['<sip:old-proxy.example.com>', '<sip:p2.example.com;lr>'], target)).toEqual({
      requestUri: 'sip:old-proxy.example.com',
      routes: ['<sip:p2.example.com;lr>', `<${target}>`],
      hop: 'sip:old-proxy.example.com',
    });
  });
});

describe('TargetResolver', () => {
  const resolver = new TargetResolver(() => 0);

  it('takes transport, port and address from the URI, with the RFC defaults', async () => {
    await expect(resolver.resolve('sip:fe@10.0.0.5:5062;transport=TCP', 'udp')).resolves.toEqual({ transport: 'tcp', address: '10.0.0.5', port: 5062 });
    await expect(resolver.resolve('sips:fe@10.0.0.5', 'udp')).resolves.toEqual({ transport: 'tls', address: '10.0.0.5', port: 5061 });
    await expect(resolver.resolve('sip:fe@[2001:db8::5]', 'tcp')).resolves.toEqual({ transport: 'tcp', address: '2001:db8::5', port: 5060 });
  });

  it('resolves host names, and refuses what is not a SIP URI', async () => {
    await expect(resolver.resolve('sip:localhost:5099', 'udp', 4)).resolves.toEqual({ transport: 'udp', address: '127.0.0.1', port: 5099, serverName: 'localhost' });
    await expect(resolver.resolve('tel:+15551234', 'udp')).rejects.toThrow("cannot send to 'tel:+15551234': not a SIP URI");
  });
});
