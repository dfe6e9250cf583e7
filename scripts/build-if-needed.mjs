// `npm ci` (as `prepare`) and `npm start` build the server and the web client when dist/ or
// web/dist/ is missing or older than its sources.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

// `npm ci` runs this as `prepare`; in a Docker layer that has no sources yet, there is
// nothing to build.
if (!existsSync('src')) process.exit(0);

const isStale = (built, sources) =>
  !existsSync(built) ||
  Math.max(...sources.filter((source) => existsSync(source)).map(newestOf)) >
    statSync(built).mtimeMs;
const newestOf = (path) => (statSync(path).isDirectory() ? newest(path) : statSync(path).mtimeMs);

const stale =
  isStale('dist/main.js', ['src']) ||
  isStale('web/dist/index.html', ['web/src', 'web/index.html', 'web/public', 'web/vite.config.mts']);
if (stale) {
  console.log('Building the server and the web client…');
  try {
    execSync('npm run build --silent', { stdio: 'inherit' });
  } catch {
    console.error('The build failed: see the errors above.');
    process.exit(1);
  }
}
