// Preloaded (`node -r`) into the processes the CLI benchmark times: when the process exits, its
// resource usage (peak resident set, CPU time) is written as JSON to the file named by the
// BENCH_USAGE_FILE environment variable. Without that variable it does nothing.
'use strict';
const fs = require('node:fs');

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(file, JSON.stringify(process.resourceUsage()));
    } catch {
      // Measuring must never change how the measured process ends.
    }
  });
}
