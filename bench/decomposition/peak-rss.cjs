// Preloaded (NODE_OPTIONS=--require) into every measured child, ours and the peer's alike, so their memory is
// read the same way: at exit, the process's resident-set high-water mark (getrusage ru_maxrss, KiB) goes to
// the file named by PEAK_RSS_FILE. The main process exits last, so its figure is the one left in the file.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.PEAK_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
