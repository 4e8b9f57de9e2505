import { describe, expect, test } from '@jest/globals';
import { isDuration, parseDuration } from '../../src/scenario/duration';
import { InputError } from '../../src/errors';

describe('parseDuration', () => {
  test.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1500],
    ['0', 0],
    [0, 0],
  ])('%p is %p ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['5 minutes', '30', '', 's', '5d', '-1s', '1m 30s', 30])('%p is not a duration', (text) => {
    expect(isDuration(text)).toBe(false);
    expect(() => parseDuration(text)).toThrow(InputError);
  });

  test('the error says how to write one', () => {
    expect(() => parseDuration('5 minutes')).toThrow(/not a duration/);
    try {
      parseDuration('5 minutes');
    } catch (e) {
      expect((e as InputError).hint).toContain('500ms, 30s, 5m or 1h');
    }
  });

  test('accepts what the schema pattern accepts', async () => {
    const schema = (await import('../../schema/scenario.schema.json')) as unknown as { definitions: { Duration: { pattern: string } } };
    const pattern = new RegExp(schema.definitions.Duration.pattern);
    for (const s of ['500ms', '1m30s', '0', '1.5h', '5 minutes', '1d', '30', 'm']) expect(pattern.test(s)).toBe(isDuration(s));
  });
});
