import * as vscode from 'vscode';
import type { ParsedAssessment } from '../../roadmap/assessment';
import { defaultAssessmentTemplate, parseAssessment } from '../../roadmap/assessment';
import type { AssessmentInfo } from '../../roadmap/messages';
import { mergeAssessmentInto } from '../../roadmap/messages';
import type { Assessment } from '../../roadmap/model';
import { ASSESSMENT_PATH } from '../../roadmap/model';

export interface LoadedAssessment {
  /** Workspace-relative path, as the plan and the panel name it. */
  file: string;
  uri?: vscode.Uri;
  exists: boolean;
  parsed?: ParsedAssessment;
}

/**
 * The readiness assessment of the workspace: `.scaling-assistant/assessment.json` in the first workspace folder,
 * a readable file the team commits. Read on demand, watched (a save in an editor, a `git pull`), written by the
 * panel's form with the file's other keys kept.
 */
export class AssessmentFile implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private cached?: Promise<LoadedAssessment>;

  constructor() {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, ASSESSMENT_PATH));
      const changed = () => {
        this.cached = undefined;
        this.emitter.fire();
      };
      this.disposables.push(
        watcher,
        watcher.onDidCreate(changed),
        watcher.onDidChange(changed),
        watcher.onDidDelete(changed),
      );
    }
  }

  /** Where the file is (or would be); undefined without a workspace folder. */
  uri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, ASSESSMENT_PATH) : undefined;
  }

  /** The workspace-relative name the plan uses (prefixed with the folder's name in a multi-root workspace). */
  relativePath(): string {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return folders.length > 1 ? `${folders[0].name}/${ASSESSMENT_PATH}` : ASSESSMENT_PATH;
  }

  load(): Promise<LoadedAssessment> {
    this.cached ??= this.read();
    return this.cached;
  }

  private async read(): Promise<LoadedAssessment> {
    const uri = this.uri();
    const file = this.relativePath();
    if (!uri) return { file, exists: false };
    let text: string;
    try {
      text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return { file, uri, exists: false };
    }
    return { file, uri, exists: true, parsed: parseAssessment(file, text, vscode.l10n.t) };
  }

  /**
   * Writes the form's fields into the file, pretty-printed, keeping every other key of an existing file.
   * An existing file that is not a JSON object is not overwritten silently: that throws.
   */
  async save(assessment: Assessment): Promise<vscode.Uri> {
    const uri = this.uri();
    if (!uri) throw new Error(vscode.l10n.t('open a folder first: the assessment is saved in the workspace'));
    let existing: unknown = {};
    const current = await this.readText(uri);
    if (current !== undefined && current.trim() !== '') {
      try {
        existing = JSON.parse(current);
      } catch {
        throw new Error(
          vscode.l10n.t('{0} is not valid JSON; fix or delete it before saving the form', this.relativePath()),
        );
      }
      if (typeof existing !== 'object' || existing === null || Array.isArray(existing)) {
        throw new Error(
          vscode.l10n.t(
            '{0} does not hold a JSON object; fix or delete it before saving the form',
            this.relativePath(),
          ),
        );
      }
    }
    const merged = mergeAssessmentInto(existing, assessment);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(merged, null, 2)}\n`));
    this.cached = undefined;
    this.emitter.fire();
    return uri;
  }

  /** Creates the file from the template when it does not exist; returns whether it created it. */
  async createIfMissing(): Promise<boolean> {
    const uri = this.uri();
    if (!uri) throw new Error(vscode.l10n.t('open a folder first: the assessment is saved in the workspace'));
    if ((await this.readText(uri)) !== undefined) return false;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(defaultAssessmentTemplate()));
    this.cached = undefined;
    this.emitter.fire();
    return true;
  }

  private async readText(uri: vscode.Uri): Promise<string | undefined> {
    try {
      return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** The assessment as the panel's form shows it: known fields, and the problems reading the file. */
export function assessmentInfo(loaded: LoadedAssessment): AssessmentInfo {
  return {
    file: loaded.file,
    exists: loaded.exists,
    ...(loaded.parsed?.assessment ? { value: loaded.parsed.assessment } : {}),
    errors: (loaded.parsed?.errors ?? []).map((e) =>
      e.range ? vscode.l10n.t('line {0}: {1}', e.range.start.line + 1, e.message) : e.message,
    ),
  };
}
