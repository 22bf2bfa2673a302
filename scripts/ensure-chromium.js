// Makes sure a Chromium exists for Playwright: the system one ($CHROMIUM_PATH, /usr/bin/chromium),
// or else Playwright's own download (which works on a user's machine with internet access).
import { execFileSync } from 'node:child_process';
import { chromiumPath } from './env.js';

const found = chromiumPath();
if (found) {
  console.log(`chromium: ${found}`);
} else {
  console.log("chromium: none on this system; installing Playwright's own build…");
  execFileSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
}
