/**
 * The results panel, host side: one webview per run (viewType
 * `noether.results`) with a strict Content-Security-Policy, fed by the run
 * manager. On 'ready' the host replays the whole run ('state'), so a hidden,
 * re-shown or restored panel shows everything again.
 */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { panelHtml } from '../../webview/html';
import type { HostToWebview, WebviewPersistedState, WebviewToHost } from '../shared/protocol';
import type { RunManager } from './runManager';

export const VIEW_TYPE = 'noether.results';

/** What the panel's buttons ask the extension to do with a run. */
export interface PanelActions {
  exportJson(runId: string): Promise<unknown>;
  exportMarkdown(runId: string): Promise<unknown>;
}

export class PanelManager implements vscode.Disposable {
  private panels = new Map<string, vscode.WebviewPanel>();
  private disposables: vscode.Disposable[] = [];
  /** Messages the webviews reported as errors (the integration tests check there are none). */
  readonly webviewErrors: string[] = [];

  constructor(private ctx: vscode.ExtensionContext, private runs: RunManager, private actions: PanelActions,
    private log: vscode.OutputChannel) {
    this.disposables.push(
      runs.book.onChange((c) => {
        const run = runs.book.get(c.runId);
        if (!run) { this.panels.get(c.runId)?.dispose(); return; }
        if (c.kind === 'event' && c.event) this.post(c.runId, { type: 'event', event: c.event });
        else if (c.kind === 'status') this.post(c.runId, { type: 'status', run: run.info });
        else if (c.kind === 'results' && run.results) this.post(c.runId, { type: 'results', results: run.results });
      }),
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state: WebviewPersistedState | undefined) => this.restore(panel, state),
      }),
    );
  }

  /** Show the run's panel, creating it if needed. */
  show(runId: string, preserveFocus = false): vscode.WebviewPanel {
    const existing = this.panels.get(runId);
    if (existing) {
      existing.reveal(undefined, preserveFocus);
      return existing;
    }
    const run = this.runs.book.get(runId);
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, title(run?.info.fileName ?? runId),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.options());
    this.attach(panel, runId);
    return panel;
  }

  /** Scroll the panel to conserved quantity `index` (tree view selection). */
  reveal(runId: string, index: number): void {
    const panel = this.show(runId, true);
    // A new panel has not loaded yet: its 'ready' replays state, then the reveal follows.
    if (panel.visible) this.post(runId, { type: 'reveal', quantity: index });
    else this.pendingReveal.set(runId, index);
  }

  private pendingReveal = new Map<string, number>();

  /** The run id of the panel the user looks at, if any. */
  activeRunId(): string | undefined {
    for (const [id, p] of this.panels) if (p.active) return id;
    return undefined;
  }

  hasPanel(runId: string): boolean {
    return this.panels.has(runId);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false, // the host replays the run when the panel comes back
      localResourceRoots: [vscode.Uri.joinPath(this.ctx.extensionUri, 'dist'), vscode.Uri.joinPath(this.ctx.extensionUri, 'media')],
    };
  }

  private async restore(panel: vscode.WebviewPanel, state: WebviewPersistedState | undefined): Promise<void> {
    panel.webview.options = this.options();
    const run = state?.runId ? await this.runs.ensureLoaded(state.runId) : undefined;
    if (!run || this.panels.has(run.info.runId)) {
      panel.webview.html = `<!DOCTYPE html><html><body><p>This run's results are no longer available. Run "Noether's Razor: Discover Symmetries" again.</p></body></html>`;
      return;
    }
    panel.title = title(run.info.fileName);
    this.attach(panel, run.info.runId);
  }

  private attach(panel: vscode.WebviewPanel, runId: string): void {
    this.panels.set(runId, panel);
    panel.webview.html = this.html(panel.webview, this.runs.book.get(runId)?.info.fileName ?? runId);
    const subs: vscode.Disposable[] = [];
    subs.push(panel.webview.onDidReceiveMessage((m: WebviewToHost) => this.onMessage(runId, m)));
    panel.onDidDispose(() => {
      this.panels.delete(runId);
      for (const s of subs) s.dispose();
    });
  }

  private onMessage(runId: string, m: WebviewToHost): void {
    const run = this.runs.book.get(runId);
    switch (m.type) {
      case 'ready': {
        if (!run) return;
        this.post(runId, { type: 'state', run: run.info, events: run.events, results: run.results });
        const r = this.pendingReveal.get(runId);
        if (r !== undefined) { this.pendingReveal.delete(runId); this.post(runId, { type: 'reveal', quantity: r }); }
        return;
      }
      case 'stop': this.runs.stop(runId); return;
      case 'exportJson': void this.actions.exportJson(runId); return;
      case 'exportMarkdown': void this.actions.exportMarkdown(runId); return;
      case 'copyLatex':
        void vscode.env.clipboard.writeText(m.latex).then(() => vscode.window.setStatusBarMessage('LaTeX copied to the clipboard', 3000));
        return;
      case 'error':
        this.webviewErrors.push(m.message);
        this.log.appendLine(`[${runId}] webview error: ${m.message}`);
        return;
      default: {
        const unknown: never = m;
        this.log.appendLine(`[${runId}] unknown webview message ${JSON.stringify(unknown)}`);
      }
    }
  }

  private post(runId: string, m: HostToWebview): void {
    void this.panels.get(runId)?.webview.postMessage(m);
  }

  /** The page: our bundle and stylesheets only, under a nonce-based CSP (the shell is shared with the webview tests). */
  html(webview: vscode.Webview, fileName: string): string {
    const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.ctx.extensionUri, ...p)).toString();
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: uri('dist', 'webview.js'),
      styleUri: uri('media', 'panel.css'),
      katexStyleUri: uri('dist', 'katex', 'katex.min.css'),
      title: title(fileName),
    });
  }

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function title(fileName: string): string {
  return `Symmetries: ${fileName}`;
}
