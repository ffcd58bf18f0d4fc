export { EmbeddedHerald, type EmbeddedHeraldOptions, describeResolution } from './embedded-herald';
