// Makes sure a Chromium for the browser tests exists, so `npm test` works on a fresh Debian machine.
// Test runners here must never download a browser of their own: we use Debian's package.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const { defaultPath: DEBIAN_CHROMIUM } = JSON.parse(readFileSync(new URL('./chromium.json', import.meta.url), 'utf8'));

function hasAptAsRoot() {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

if (process.env.CHROME_PATH) {
  if (!existsSync(process.env.CHROME_PATH)) {
    console.error(`CHROME_PATH is set to ${process.env.CHROME_PATH}, but no file is there.`);
    process.exit(1);
  }
} else if (!existsSync(DEBIAN_CHROMIUM)) {
  if (!hasAptAsRoot()) {
    console.error(
      'Chromium is needed for the browser tests but was not found.\n' +
        'Install it with `sudo apt-get install chromium`, or point CHROME_PATH at a Chromium or Chrome binary.',
    );
    process.exit(1);
  }
  console.log("Chromium not found: installing Debian's chromium package (about 20 s, once).");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}
