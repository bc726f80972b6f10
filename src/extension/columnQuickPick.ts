/**
 * Asks which columns are q, p, time and trajectory (pre-filled with what
 * detection found), the time step when there is no time column, and the
 * preset. Returns undefined when the user cancels.
 */
import * as vscode from 'vscode';
import type { ColumnSuggestion } from '../core/data/columns';
import type { ColumnRoles } from '../core/data/types';
import { PRESETS, type ExtensionPreset, type FileChoices } from './settings';

const NONE = '(none)';

const HELP = '$(book) How are the columns named? Open the data-format guide';

export async function pickColumns(fileName: string, header: string[], s: ColumnSuggestion, reason: string,
  defaultPreset: ExtensionPreset, openHelp: () => unknown): Promise<FileChoices | undefined> {
  const title = (step: string) => `Noether's Razor: ${fileName} — ${step}`;
  const many = async (step: string, placeholder: string, options: string[], picked: string[]) => {
    const items = options.map((label) => ({ label, picked: picked.includes(label) }));
    const chosen = await vscode.window.showQuickPick(items, { title: title(step), placeHolder: placeholder, canPickMany: true, ignoreFocusOut: true });
    return chosen?.map((c) => c.label);
  };
  const one = async (step: string, placeholder: string, options: string[], current?: string, detail?: string) => {
    const items: vscode.QuickPickItem[] = [NONE, ...options].map((label) => ({ label, description: label === (current ?? NONE) ? 'detected' : undefined }));
    items.sort((a, b) => Number(!!b.description) - Number(!!a.description));
    // The first step says why it asks, and links the data-format guide.
    const head: vscode.QuickPickItem[] = detail ? [{ label: reason, kind: vscode.QuickPickItemKind.Separator }, ...items, { label: '', kind: vscode.QuickPickItemKind.Separator }, { label: HELP }] : items;
    for (;;) {
      const chosen = await vscode.window.showQuickPick(head, { title: title(step), placeHolder: placeholder, ignoreFocusOut: true });
      if (chosen?.label === HELP) { await openHelp(); continue; }
      return chosen === undefined ? undefined : chosen.label === NONE ? null : chosen.label;
    }
  };

  const time = await one('time column', `${reason} Which column is the time? (none: samples are equally spaced)`, header, s.time, reason);
  if (time === undefined) return undefined;
  const rest1 = header.filter((h) => h !== time);
  const trajectory = await one('trajectory column', 'Which column names the trajectory? (none: the file is one trajectory)', rest1, s.trajectory);
  if (trajectory === undefined) return undefined;
  const rest = rest1.filter((h) => h !== trajectory);
  const q = await many('positions q', 'Select the position columns q, in order', rest, s.q);
  if (!q || q.length === 0) return undefined;
  const p = await many('momenta p', `Select ${q.length} momentum column(s) p, paired in the order of q (${q.join(', ')})`,
    rest.filter((h) => !q.includes(h)), s.p);
  if (!p) return undefined;
  if (p.length !== q.length) {
    void vscode.window.showErrorMessage(`Noether's Razor: ${q.length} position column(s) but ${p.length} momentum column(s); each position needs its momentum.`);
    return undefined;
  }
  let dt: number | undefined;
  if (time === null) {
    const v = await vscode.window.showInputBox({ title: title('time step'), prompt: 'Constant time step between samples', value: '0.1', ignoreFocusOut: true,
      validateInput: (x) => (Number.isFinite(Number(x)) && Number(x) > 0 ? undefined : 'a positive number') });
    if (v === undefined) return undefined;
    dt = Number(v);
  }
  const preset = await vscode.window.showQuickPick(
    PRESETS.map((label) => ({ label, description: label === 'fast' ? 'quick defaults (seconds to minutes)' : "the paper's settings (slow: days on a laptop CPU)" }))
      .sort((a, b) => Number(b.label === defaultPreset) - Number(a.label === defaultPreset)),
    { title: title('preset'), placeHolder: 'Training preset', ignoreFocusOut: true });
  if (!preset) return undefined;
  const columns: ColumnRoles = { q, p };
  if (time) columns.time = time;
  if (trajectory) columns.trajectory = trajectory;
  return { columns, dt, preset: preset.label as ExtensionPreset };
}
