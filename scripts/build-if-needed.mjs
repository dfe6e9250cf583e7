// `npm start` builds the server first when dist/ is missing or older than src/.
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

const built = 'dist/main.js';
const stale = !existsSync(built) || newest('src') > statSync(built).mtimeMs;
if (stale) {
  console.log('Building the server…');
  try {
    execSync('npm run build --silent', { stdio: 'inherit' });
  } catch {
    console.error('The build failed: see the errors above.');
    process.exit(1);
  }
}
