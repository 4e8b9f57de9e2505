/**
 * kscenario from a jest suite: every scenario under scenarios/ is a test (`describeScenarios`), and
 * the API runs one from code (`runScenario`). In your project, `npm install --save-dev kscenario
 * jest` and put a file like this one among your tests.
 */
import * as path from 'node:path';
import { describeScenarios } from 'kscenario/jest';
import { runScenario } from 'kscenario';
import { expect, test } from '@jest/globals';

// one test per scenario file, in a describe per directory; a failure shows the report with its diff
describeScenarios(path.join(__dirname, 'scenarios'), { seed: 7 });

test('runScenario returns the result the reports are made of', async () => {
  const result = await runScenario(path.join(__dirname, 'scenarios', 'web-scales.yaml'), { seed: 7 });
  expect(result.status).toBe('passed');
  expect(result.steps.map((s) => `${s.section} ${s.title} ${s.status}`)).toEqual([
    'setup apply manifests/web.yaml passed',
    'setup expect passed',
    'steps scale statefulset/web passed',
    'steps web-2 is created and becomes ready passed',
  ]);
});
