// Preload (node -r) that samples every allocation, also of objects already collected, which
// --heap-prof leaves out (it keeps only what is alive at exit). Written at exit to
// $ALLOC_PROF_DIR/alloc-<pid>.heapprofile; read it with scripts/heap-profile-top.mjs.
//   BENCH_HUB_FLAGS="-r ./scripts/alloc-profile.cjs" ALLOC_PROF_DIR=/tmp/prof npm run bench ...
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const session = new Session();
session.connect();
session.post('HeapProfiler.startSampling', {
  samplingInterval: Number(process.env.ALLOC_PROF_INTERVAL ?? 4096),
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
process.on('exit', () => {
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error) throw error;
    const file = join(process.env.ALLOC_PROF_DIR ?? '.', `alloc-${process.pid}.heapprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
  });
});
