export { FakeDrachtioServer, type FakeDrachtioOptions } from './fake-drachtio-server';
