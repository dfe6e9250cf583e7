// Preloaded into the server by bench/run.mjs (`node --expose-gc --require ...`): on
// SIGWINCH it runs a full garbage collection and writes process.memoryUsage() as JSON to
// BENCH_HEAP_FILE. Adds no route and changes nothing else in the server. (Not SIGUSR2:
// Nest's enableShutdownHooks() stops the server on it.)
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_HEAP_FILE;
if (file) {
  process.on('SIGWINCH', () => {
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    writeFileSync(file, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
  });
}
