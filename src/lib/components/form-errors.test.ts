import { describe, expect, it } from 'vitest';
import { errorText, failureOf } from './form-errors';

describe('errorText', () => {
  it("gives an Error's message and the string form of anything else", () => {
    expect(errorText(new Error('name taken'))).toBe('name taken');
    expect(errorText('offline')).toBe('offline');
    expect(errorText(42)).toBe('42');
  });
});

describe('failureOf', () => {
  it("resolves to '' when the action succeeds, after it has run", async () => {
    let ran = false;
    await expect(failureOf(async () => void (ran = true))).resolves.toBe('');
    expect(ran).toBe(true);
  });

  it('resolves to the message when the action rejects or throws', async () => {
    await expect(failureOf(() => Promise.reject(new Error('duplicate name')))).resolves.toBe(
      'duplicate name',
    );
    await expect(
      failureOf(() => {
        throw new Error('sync');
      }),
    ).resolves.toBe('sync');
  });
});
