/** Scenario files under a directory, found synchronously (jest collects test names before running). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function scenarioFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...scenarioFiles(path));
    else if (/\.ya?ml$/.test(entry) && /^apiVersion:\s*["']?kscenario\.dev\//m.test(readFileSync(path, 'utf8'))) out.push(path);
  }
  return out;
}
