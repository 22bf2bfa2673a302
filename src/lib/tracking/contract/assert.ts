/**
 * Tiny assertions for the contract suite, which runs in Vitest (Node) and inside a real Chromium
 * page, so it cannot depend on a test runner's `expect`.
 */
import { isMlflowError, type ErrorCode } from '../errors';

export class ContractFailure extends Error {}

const show = (v: unknown) =>
  JSON.stringify(v, (_k, x) =>
    typeof x === 'number' && !Number.isFinite(x) ? String(x) : x instanceof Map ? [...x] : x,
  );

export function eq<T>(actual: T, expected: T, what: string): void {
  if (show(actual) !== show(expected)) {
    throw new ContractFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function ok(condition: unknown, what: string): asserts condition {
  if (!condition) throw new ContractFailure(`${what}: expected true`);
}

export async function rejects(
  promise: Promise<unknown>,
  code: ErrorCode,
  what: string,
): Promise<void> {
  try {
    await promise;
  } catch (e) {
    if (isMlflowError(e, code)) return;
    throw new ContractFailure(
      `${what}: expected ${code}, got ${(e as { error_code?: string }).error_code ?? ''} ${(e as Error).message}`,
    );
  }
  throw new ContractFailure(`${what}: expected ${code}, but it succeeded`);
}

/** Runs each call in turn; every one must fail with `code` (each named for the failure message). */
export async function rejectsEach(
  code: ErrorCode,
  calls: readonly (readonly [what: string, call: () => Promise<unknown>])[],
): Promise<void> {
  for (const [what, call] of calls) await rejects(call(), code, what);
}
