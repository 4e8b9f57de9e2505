/**
 * `expect.events` of objects chosen by a selector: the events of every selected object count
 * together, and a selector that chooses nothing fails saying so (not "no events").
 */
import { describe, expect, test } from '@jest/globals';
import { runInline, webDeploymentScenario } from '../support/inline';

const READY = `    - expect: {within: 1m, resources: [{kind: Pod, selector: {app: web}, count: 2, each: {ready: true}}]}
`;

function scenario(events: string): string {
  return webDeploymentScenario('events-by-selector', 2, `    - expect:
        within: 0
        events:
${events}`, READY);
}

describe('events by selector', () => {
  test('the occurrences of every selected pod add up', async () => {
    const r = await runInline({ 's.yaml': scenario(`          - {kind: pod, selector: "app=web", reason: Started, count: 2}\n          - {kind: Pod, selector: {app: web}, reason: Pulled}`) }, ['run', 's.yaml']);
    expect(r.stdout).toContain('1 passed, 0 failed');
  });

  test('a wrong count shows each event with its object', async () => {
    const r = await runInline({ 's.yaml': scenario(`          - {kind: Pod, selector: {app: web}, reason: Started, count: 3}`) }, ['run', 's.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('events of Pods selected by app=web');
    expect(r.stdout).toContain('expected 3, observed 2 (occurrences of matching events)');
    expect(r.stdout).toMatch(/object: web-[a-z0-9]+-[a-z0-9]{5}/);
  });

  test('a selector that chooses nothing fails saying so', async () => {
    const r = await runInline({ 's.yaml': scenario(`          - {kind: Pod, selector: {app: db}, reason: Started}`) }, ['run', 's.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no Pod in namespace default matches the selector');
  });
});
