/**
 * Notifications with actions, worded once here and recorded so the
 * integration tests can read what the user was told and "click" an action.
 */
import * as vscode from 'vscode';

export type NotificationKind = 'info' | 'warning' | 'error';

export interface Notice {
  kind: NotificationKind;
  message: string;
  /** Action titles and what each does (the buttons of the notification). */
  actions: Record<string, () => unknown>;
  at: number;
}

const MAX_KEPT = 50;

export class Notifier {
  /** The latest notifications, newest last (for the integration tests). */
  readonly shown: Notice[] = [];

  show(kind: NotificationKind, message: string, actions: Record<string, () => unknown> = {}): Notice {
    const notice: Notice = { kind, message, actions, at: Date.now() };
    this.shown.push(notice);
    if (this.shown.length > MAX_KEPT) this.shown.shift();
    const titles = Object.keys(actions);
    const show = kind === 'error' ? vscode.window.showErrorMessage : kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(message, ...titles)).then((picked) => {
      if (picked !== undefined) return actions[picked]?.();
    }).then(undefined, () => undefined);
    return notice;
  }
}
