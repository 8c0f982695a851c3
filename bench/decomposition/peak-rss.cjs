// Preloaded (NODE_OPTIONS=--require) into every measured child, ours and the peer's alike, so their memory and
// CPU are read the same way: at exit, the process's resident-set high-water mark (getrusage ru_maxrss, KiB) and
// its user + system CPU time (µs) go to the file named by PEAK_RSS_FILE. The main process exits last, so its
// figures are the ones left in the file.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.PEAK_RSS_FILE;
  const usage = process.resourceUsage();
  if (file) writeFileSync(file, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
});
