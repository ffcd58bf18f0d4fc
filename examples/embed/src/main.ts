import { join } from 'node:path';
import { type DirectoryContent } from '@herald/core';
import { describeResolution, EmbeddedHerald } from './embedded-herald';

/**
 * `node examples/embed/dist/main.js [directory.yaml]`: two embedded Herald instances in this
 * process, one on a YAML directory (the repository's example configuration by default), one
 * on a directory built in memory. Prints what each resolves, then follows one alias through a
 * change of the in-memory directory.
 */
const lab = (name: string): DirectoryContent => ({
  services: [
    { kind: 'vmr', name, description: 'Embedded, in memory', aliases: [{ alias: 'meet.alice@vc.example.com', description: '' }], tag: '', enabled: true },
  ],
  rules: [],
  themes: [],
});

async function main(): Promise<void> {
  const file = process.argv[2] ?? join(__dirname, '../../../config/example.yaml');
  const fromFile = await EmbeddedHerald.start({ directory: { file }, publicBaseUrl: 'https://portal.example.com/herald', name: 'from-file' });
  const inMemory = await EmbeddedHerald.start({ directory: { content: lab('Lab room') }, publicBaseUrl: 'https://lab.example.com', name: 'in-memory' });
  try {
    console.log(`from ${file}:`);
    for (const alias of ['meet.alice@vc.example.com', 'sip:allhands@vc.example.com', 'london-room003@vc.example.com', 'nobody@vc.example.com']) {
      console.log(`  ${describeResolution(fromFile.resolve(alias))}`);
    }
    console.log('in memory:');
    const { resolution, handle } = inMemory.watch('meet.alice@vc.example.com', 'example-watcher', (change) => {
      console.log(`  changed: ${change.view === undefined ? 'no presence' : describeResolution(change.resolution)}`);
    });
    console.log(`  ${describeResolution(resolution)}`);
    inMemory.replaceDirectory(lab('Lab room (renamed)'));
    // The change tracker publishes on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    handle.dispose();
  } finally {
    await Promise.all([fromFile.stop(), inMemory.stop()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
