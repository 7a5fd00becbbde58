/**
 * Preloaded into the measured `fleetops` process (`node --import`): at exit it writes the
 * process's own peak resident set to stderr as one JSON line, which `pnpm bench appset`
 * reads back. A child's peak RSS is not visible from its parent in Node.
 */
process.on('exit', () => {
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(`\n${JSON.stringify({ maxRssMiB })}\n`);
});
