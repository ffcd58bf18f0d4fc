import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Runs a full garbage collection, for tests of what a structure keeps alive (with `WeakRef`).
 * Node exposes V8's collector only to contexts created after `--expose-gc` is set, which a test
 * can do at run time. Await a turn of the event loop first: a `WeakRef` made in the current
 * turn keeps its target until the turn ends.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
