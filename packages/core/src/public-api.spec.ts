import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * The public API of @herald/core is recorded in api/core.api.md. A change to what index.ts
 * exports, or to the signature of anything it exports, fails here until the report is
 * regenerated (`npm run api:report`) and committed, so that the change is seen in review.
 */
const repo = resolve(__dirname, '../../..');

it('matches the checked-in API report (packages/core/api/core.api.md)', () => {
  const result = spawnSync(process.execPath, [join(repo, 'tools/api-report/api-report.cjs'), '--check'], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(result.stderr || result.error?.message || `the check exited with ${String(result.status)}`);
  expect(result.stdout).toContain('matches the public API of @herald/core');
});
