/**
 * Per-browser settings, kept in the browser's storage: the name recorded as mlflow.user on new
 * runs. (The training backend choice is kept by the TrainingSession.)
 */
import { browserStorage, type KeyValueStore } from './browser';

const USER = 'tracklab.user';

export class Settings {
  user = $state('');

  constructor(private readonly storage: KeyValueStore | undefined = browserStorage()) {
    try {
      this.user = storage?.getItem(USER) ?? '';
    } catch {
      // Storage disabled: no name until one is set.
    }
  }

  setUser(name: string) {
    this.user = name.trim();
    try {
      if (this.user) this.storage?.setItem(USER, this.user);
      else this.storage?.removeItem(USER);
    } catch {
      // Storage disabled: the name lives for this session.
    }
  }
}
