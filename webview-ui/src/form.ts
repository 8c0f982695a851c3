import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { FieldCheckWords, FieldSpec, SectionSpec } from '../../src/roadmap/assessment-fields';
import { formChecks, formKey } from '../../src/roadmap/assessment-words';
import type { AssessmentInfo, FieldKind } from '../../src/roadmap/messages';
import { ASSESSMENT_SECTIONS, checkAssessment, checkField } from '../../src/roadmap/messages';
import type { Assessment } from '../../src/roadmap/model';
import type { RoadmapStrings } from '../../src/roadmap/panel-strings';
import { fillArgs } from '../../src/core/translate';
import { h, icon } from './dom';
import type { FormDraft } from './state';

interface Control {
  path: string;
  label: string;
  section?: string;
  key: string;
  spec: FieldKind;
  element: HTMLElement & { value: string; invalid?: boolean };
  error: HTMLElement;
}

export interface FormCallbacks {
  onSave(assessment: Assessment): void;
  onOpenFile(): void;
  onDraft(draft: FormDraft | undefined): void;
}

/**
 * The readiness assessment as a form, built from the field table in messages.ts (the same table the host
 * validates a save against), in the words of the panel's string table (`form.…`, from the host in the user's
 * language). Empty fields mean "not known yet". Unsaved edits survive the panel being hidden
 * (they go to the view state as a draft); Save sends `saveAssessment` and the host writes the file.
 */
export class AssessmentForm {
  readonly element: HTMLElement;
  private readonly controls: Control[] = [];
  private readonly status: HTMLElement;
  private readonly problems: HTMLElement;
  private readonly fileLabel: HTMLElement;
  private fileValues: Record<string, string> = {};
  private info?: AssessmentInfo;
  private readonly checks: FieldCheckWords;

  constructor(
    private readonly strings: RoadmapStrings,
    private readonly callbacks: FormCallbacks,
  ) {
    const s = strings;
    this.checks = formChecks(strings);
    this.status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
    this.problems = h('div', { class: 'form-problems', hidden: true });
    this.fileLabel = h('code', {});
    const save = h('vscode-button', { 'data-key': 'form-save' }, s.saveAssessment) as HTMLElement;
    save.addEventListener('click', () => this.save());
    const revert = h('vscode-button', { secondary: true, 'data-key': 'form-revert' }, s.revert) as HTMLElement;
    revert.addEventListener('click', () => this.revert());
    const open = h(
      'vscode-button',
      { secondary: true, icon: 'go-to-file', 'data-key': 'form-open' },
      s.openFile,
    ) as HTMLElement;
    open.addEventListener('click', () => this.callbacks.onOpenFile());

    const form = h('form', { class: 'assessment-form', 'aria-label': s.readinessAssessment, novalidate: true });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.save();
    });
    for (const section of ASSESSMENT_SECTIONS) form.append(this.section(section));
    this.element = h(
      'section',
      { class: 'assessment', 'aria-labelledby': 'assessment-heading' },
      h(
        'div',
        { class: 'assessment-head' },
        h(
          'div',
          {},
          h('h2', { id: 'assessment-heading' }, s.readinessAssessment),
          h('p', { class: 'muted' }, ...around(s.savedIn, this.fileLabel)),
        ),
        h('div', { class: 'button-row' }, save, revert, open),
      ),
      this.problems,
      form,
      this.status,
    );
  }

  private section(section: SectionSpec): HTMLElement {
    const id = `section-${section.id}`;
    const grid = h('div', { class: 'field-grid' });
    for (const field of section.fields) grid.append(this.field(section.key, field));
    return h(
      'fieldset',
      { class: 'form-section', 'aria-labelledby': id },
      h('legend', { id }, this.strings[formKey.sectionTitle(section.id)]),
      h('p', { class: 'muted section-about' }, this.strings[formKey.sectionAbout(section.id)]),
      grid,
    );
  }

  private field(section: string | undefined, meta: FieldSpec): HTMLElement {
    const { key, spec } = meta;
    const path = section ? `${section}.${key}` : key;
    const id = `field-${path.replace(/\./g, '-')}`;
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    const label = this.strings[formKey.label(path)];
    const hint = meta.hint === undefined ? '' : this.strings[formKey.hint(path)];
    let element: Control['element'];
    if (spec.kind === 'choice') {
      element = h('vscode-single-select', { id, 'aria-describedby': hintId }) as unknown as Control['element'];
      element.append(
        h('vscode-option', { value: '' }, this.strings.notSet),
        ...spec.options.map((o) => h('vscode-option', { value: o }, this.strings[formKey.choice(o)] ?? o)),
      );
    } else if (spec.kind === 'lines') {
      element = h('vscode-textarea', {
        id,
        rows: 3,
        resize: 'vertical',
        'aria-describedby': hintId,
      }) as unknown as Control['element'];
    } else {
      element = h('vscode-textfield', {
        id,
        type: spec.kind === 'number' ? 'number' : 'text',
        min: spec.kind === 'number' ? spec.min : undefined,
        max: spec.kind === 'number' ? spec.max : undefined,
        step: spec.kind === 'number' ? (spec.integer ? 1 : 'any') : undefined,
        'aria-describedby': hintId,
      }) as unknown as Control['element'];
    }
    // vscode-textfield and -textarea name their inner input with `label`; the visible label says the same.
    (element as unknown as { label: string }).label = label;
    element.setAttribute('aria-label', label);
    const error = h('span', { class: 'field-error', id: errorId, role: 'alert' });
    const control: Control = { path, label, section, key, spec, element, error };
    this.controls.push(control);
    const changed = () => {
      this.validate(control);
      this.emitDraft();
    };
    element.addEventListener('input', changed);
    element.addEventListener('change', changed);
    return h(
      'div',
      { class: `field field-${spec.kind} field-${key}` },
      h('label', { for: id, class: 'field-label' }, label),
      element,
      h('span', { class: 'field-hint', id: hintId }, hint),
      error,
    );
  }

  /** New file contents from the host; an unsaved draft stays on screen (and says the file moved on). */
  update(info: AssessmentInfo, draft: FormDraft | undefined): void {
    this.info = info;
    this.fileLabel.textContent = info.file;
    this.fileValues = toValues(info.value ?? {});
    const values = draft ? { ...this.fileValues, ...draft.values } : this.fileValues;
    for (const control of this.controls) this.setValue(control, values[control.path] ?? '');
    for (const control of this.controls) this.validate(control);
    this.problems.replaceChildren();
    this.problems.hidden = info.errors.length === 0 && info.exists;
    if (!info.exists) {
      this.problems.append(h('p', {}, icon('info'), ` ${this.strings.noAssessmentFile}`));
    }
    if (info.errors.length) {
      this.problems.append(
        h(
          'p',
          {},
          icon('warning'),
          ` ${
            info.errors.length === 1
              ? fillArgs(this.strings.oneProblem, [info.file])
              : fillArgs(this.strings.problems, [info.file, info.errors.length])
          }`,
        ),
        h('ul', {}, ...info.errors.slice(0, 20).map((e) => h('li', {}, e))),
      );
    }
    this.refreshDirty();
  }

  private setValue(control: Control, value: string): void {
    control.element.value = value;
    if (control.spec.kind === 'choice') {
      for (const option of control.element.querySelectorAll('vscode-option')) {
        if (option.getAttribute('value') === value) option.setAttribute('selected', '');
        else option.removeAttribute('selected');
      }
    }
  }

  private currentValues(): Record<string, string> {
    return Object.fromEntries(this.controls.map((c) => [c.path, c.element.value ?? '']));
  }

  private emitDraft(): void {
    const values = this.currentValues();
    const changed = Object.fromEntries(
      Object.entries(values).filter(([path, value]) => value !== (this.fileValues[path] ?? '')),
    );
    this.callbacks.onDraft(Object.keys(changed).length ? { values: changed } : undefined);
    this.refreshDirty();
  }

  private refreshDirty(): void {
    const values = this.currentValues();
    const dirty = Object.entries(values).some(([path, value]) => value !== (this.fileValues[path] ?? ''));
    this.element.classList.toggle('dirty', dirty);
    this.status.textContent = dirty ? this.strings.unsaved : this.info?.exists ? this.strings.saved : '';
  }

  private validate(control: Control): unknown {
    const { value, error } = parseValue(control.element.value ?? '', control.spec, control.label, this.checks);
    control.element.invalid = error !== undefined;
    control.error.textContent = error ?? '';
    if (error) control.element.setAttribute('aria-invalid', 'true');
    else control.element.removeAttribute('aria-invalid');
    return error ? undefined : value;
  }

  private save(): void {
    const out: Record<string, unknown> = {};
    let firstInvalid: Control | undefined;
    for (const control of this.controls) {
      const { value, error } = parseValue(control.element.value ?? '', control.spec, control.label, this.checks);
      this.validate(control);
      if (error) {
        firstInvalid ??= control;
        continue;
      }
      if (value === undefined) continue;
      if (control.section) {
        const target = (out[control.section] ??= {}) as Record<string, unknown>;
        target[control.key] = value;
      } else {
        out[control.key] = value;
      }
    }
    if (firstInvalid) {
      this.status.textContent = this.strings.needsFixing;
      firstInvalid.element.focus();
      return;
    }
    const { assessment, errors } = checkAssessment(out, true);
    if (errors.length) {
      this.status.textContent = errors.join('; ');
      return;
    }
    this.status.textContent = this.strings.saving;
    this.callbacks.onSave(assessment);
  }

  private revert(): void {
    for (const control of this.controls) this.setValue(control, this.fileValues[control.path] ?? '');
    for (const control of this.controls) this.validate(control);
    this.callbacks.onDraft(undefined);
    this.refreshDirty();
  }

  /** The host's answer to a save. */
  saved(ok: boolean, message: string): void {
    this.status.textContent = message;
    if (ok) this.callbacks.onDraft(undefined);
  }

  focusFirst(): void {
    this.controls[0]?.element.focus();
  }
}

/** A sentence with an element in place of its `{0}`: "Saved in <code>…</code>, a file …". */
function around(template: string, element: Node): (Node | string)[] {
  const at = template.indexOf('{0}');
  return at < 0 ? [template] : [template.slice(0, at), element, template.slice(at + 3)];
}

function toValues(assessment: Assessment): Record<string, string> {
  const out: Record<string, string> = {};
  const record = assessment as Record<string, unknown>;
  for (const section of ASSESSMENT_SECTIONS) {
    const source = (section.key ? record[section.key] : record) as Record<string, unknown> | undefined;
    if (!source) continue;
    for (const field of section.fields) {
      const value = source[field.key];
      if (value === undefined || value === null) continue;
      const path = section.key ? `${section.key}.${field.key}` : field.key;
      out[path] = Array.isArray(value) ? value.join('\n') : String(value);
    }
  }
  return out;
}

function parseValue(
  text: string,
  spec: FieldKind,
  label: string,
  checks: FieldCheckWords,
): { value?: unknown; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  let value: unknown;
  switch (spec.kind) {
    case 'number': {
      const n = Number(trimmed);
      if (!Number.isFinite(n)) return { error: `${fillArgs(checks.number, [label])}.` };
      value = n;
      break;
    }
    case 'lines':
      value = text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
      if ((value as string[]).length === 0) return {};
      break;
    default:
      value = trimmed;
  }
  const error = checkField(value, spec, label, checks);
  return error ? { error: `${error[0].toUpperCase()}${error.slice(1)}.` } : { value };
}
