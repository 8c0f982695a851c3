// Preloaded (NODE_OPTIONS=--require) into every measured child, ours and the peers' alike, so each is read the
// same way: at exit, the process's CPU time (user + system, all threads, microseconds) and its resident-set
// high-water mark (KiB) go to the file named by CHILD_USAGE_FILE as JSON.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.CHILD_USAGE_FILE;
  if (!file) return;
  const usage = process.resourceUsage();
  writeFileSync(file, JSON.stringify({ cpu: usage.userCPUTime + usage.systemCPUTime, maxRSS: usage.maxRSS }));
});
