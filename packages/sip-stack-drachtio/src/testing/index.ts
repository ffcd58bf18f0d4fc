export { FakeDrachtioServer, type FakeDrachtioOptions, type PeerInbox, type DoublePeer } from './fake-drachtio-server';
