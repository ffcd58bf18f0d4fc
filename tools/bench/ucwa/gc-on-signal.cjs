// Bench only: loaded with `--expose-gc --require` into the server under test, so that the
// benchmark can ask for a full garbage collection (SIGUSR2) before it reads the heap.
process.on('SIGUSR2', () => global.gc?.());
