import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The example runs with plain `node` on its build output and prints resolved views. */
const repo = resolve(__dirname, '../../..');
jest.setTimeout(120_000);

it('node examples/embed/dist/main.js prints what each embedded instance resolves', () => {
  execFileSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-b', join(repo, 'examples/embed/tsconfig.lib.json')], { stdio: 'inherit' });
  const output = execFileSync(process.execPath, [join(repo, 'examples/embed/dist/main.js')], { encoding: 'utf8', timeout: 60_000 });
  const lines = output.trim().split('\n');
  expect(lines).toContain(`from ${join(repo, 'config/example.yaml')}:`);
  expect(lines).toContainEqual(expect.stringMatching(/^ {2}meet\.alice@vc\.example\.com: Available \(3500\) "Alice's meeting room" – Weekly team syncs.* \[https:\/\/portal\.example\.com\/herald\/avatars\/[0-9a-f]{32}\.jpg\]$/));
  expect(lines).toContain('  nobody@vc.example.com: no presence');
  expect(lines).toContainEqual(expect.stringMatching(/^ {2}changed: meet\.alice@vc\.example\.com: Available \(3500\) "Lab room \(renamed\)"/));
});
