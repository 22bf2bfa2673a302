/**
 * The one check every options object of the tuner gets (createStudy, optimize, the samplers and
 * the pruners): an option the owner does not have throws, naming those it has. A misspelt or
 * snake_cased option (n_startup_trials, as Optuna spells it) would otherwise be ignored and
 * leave the default in place — or, for optimize's nTrials, a study without end.
 */
export function checkOptions(
  owner: string,
  options: object | undefined,
  allowed: readonly string[],
) {
  for (const key of Object.keys(options ?? {})) {
    if (!allowed.includes(key)) {
      const list = allowed.length ? allowed.join(', ') : 'none';
      throw new TypeError(`${owner} has no option ${JSON.stringify(key)} (its options: ${list}).`);
    }
  }
}
