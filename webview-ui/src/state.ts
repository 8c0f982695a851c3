/**
 * What the panel remembers across being hidden and a window reload (VS Code keeps it with getState/setState;
 * the panel does not use retainContextWhenHidden): the tab, the filters, the selected task, where each list
 * was scrolled to, and an unsaved assessment form.
 */
export type Tab = 'roadmap' | 'chart' | 'assessment';

export interface FormDraft {
  /** Field path (`constraints.teamSize`) → the text in the field. */
  values: Record<string, string>;
}

export interface ViewState {
  v: 1;
  tab: Tab;
  selected?: string;
  /** Filters hold what is hidden, so assistants and phases that appear later show by default. */
  hidden: { assistants: string[]; severities: string[]; phases: string[] };
  scroll: { page: number; columns: Record<string, number>; places: number };
  /** How many cards each phase column has rendered (columns render lazily). */
  revealed: Record<string, number>;
  draft?: FormDraft;
}

export function initialState(): ViewState {
  return {
    v: 1,
    tab: 'roadmap',
    hidden: { assistants: [], severities: [], phases: [] },
    scroll: { page: 0, columns: {}, places: 0 },
    revealed: {},
  };
}

const TABS: readonly Tab[] = ['roadmap', 'chart', 'assessment'];

function stringList(value: unknown, max = 50): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.length < 200).slice(0, max)
    : [];
}

function numberRecord(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, n] of Object.entries(value))
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0 && key.length < 100) out[key] = n;
  return out;
}

/** State from getState() is our own, but from an older version of the panel it may differ: read it defensively. */
export function restoreState(raw: unknown): ViewState {
  const state = initialState();
  if (typeof raw !== 'object' || raw === null) return state;
  const r = raw as Record<string, unknown>;
  if (r.v !== 1) return state;
  if (TABS.includes(r.tab as Tab)) state.tab = r.tab as Tab;
  if (typeof r.selected === 'string' && r.selected.length < 500) state.selected = r.selected;
  const hidden = (r.hidden ?? {}) as Record<string, unknown>;
  state.hidden = {
    assistants: stringList(hidden.assistants),
    severities: stringList(hidden.severities),
    phases: stringList(hidden.phases),
  };
  const scroll = (r.scroll ?? {}) as Record<string, unknown>;
  state.scroll = {
    page: typeof scroll.page === 'number' && scroll.page >= 0 ? scroll.page : 0,
    columns: numberRecord(scroll.columns),
    places: typeof scroll.places === 'number' && scroll.places >= 0 ? scroll.places : 0,
  };
  state.revealed = numberRecord(r.revealed);
  const draft = r.draft as { values?: unknown } | undefined;
  if (draft && typeof draft.values === 'object' && draft.values !== null) {
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(draft.values))
      if (typeof value === 'string' && value.length < 20_000) values[key] = value;
    state.draft = { values };
  }
  return state;
}
