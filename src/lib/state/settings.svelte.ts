/**
 * Per-browser settings, kept in localStorage: the name recorded as mlflow.user on new runs.
 * (The training backend choice is kept by the Workbench.)
 */
const USER = 'tracklab.user';

export class Settings {
  user = $state(Settings.storedUser() ?? '');

  static storedUser(): string | undefined {
    try {
      return globalThis.localStorage?.getItem(USER) ?? undefined;
    } catch {
      return undefined;
    }
  }

  setUser(name: string) {
    this.user = name.trim();
    try {
      if (this.user) localStorage.setItem(USER, this.user);
      else localStorage.removeItem(USER);
    } catch {
      // Storage disabled: the name lives for this session.
    }
  }
}
