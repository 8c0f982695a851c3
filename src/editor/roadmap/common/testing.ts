import type { HostMessage, NoticeTopic } from '../../../roadmap/messages';
import type { RoadmapStrings } from '../../../roadmap/panel-strings';
import type { RoadmapLoader } from '../loader';
import type { RoadmapObserver, RoadmapPanelState } from '../panel';

/** What the integration tests read of the roadmap panel: its state and what was posted to it or dropped. */
export interface RoadmapTestState extends RoadmapPanelState {
  /** Messages from the webview that failed validation and were dropped. */
  ignoredMessages: number;
  /** Types of the messages posted to the webview, in order. */
  posted: string[];
  notices: { topic: NoticeTopic; level: string; message: string }[];
  /** The last string table posted: the words the webview shows (the assessment form's too). */
  strings?: RoadmapStrings;
}

/** For the integration tests (ExtensionMode.Test only), through the extension's exports. */
export interface RoadmapTestHooks {
  /** undefined until the first roadmap command loads the roadmap's chunk. */
  state(): RoadmapTestState | undefined;
  /** Handles a message exactly as if the webview had sent it, validation included. */
  receive(message: unknown): Promise<void>;
}

/** An observer that keeps what the panel posts and drops, and the hooks that read it. Built only in test mode. */
export function recordingObserver(): {
  observer: RoadmapObserver;
  hooks(loader: RoadmapLoader): RoadmapTestHooks;
} {
  const posted: string[] = [];
  const notices: RoadmapTestState['notices'] = [];
  let strings: RoadmapStrings | undefined;
  let ignored = 0;
  const observer: RoadmapObserver = {
    posted: (message: HostMessage) => {
      posted.push(message.type);
      if (posted.length > 200) posted.splice(0, 100);
      if (message.type === 'notice')
        notices.push({ topic: message.topic, level: message.level, message: message.message });
      if (message.type === 'strings') strings = message.strings;
    },
    ignored: () => {
      ignored++;
    },
  };
  const hooks = (loader: RoadmapLoader): RoadmapTestHooks => ({
    state: () => {
      const state = loader.state();
      return state && { ...state, ignoredMessages: ignored, posted: [...posted], notices: [...notices], strings };
    },
    receive: (message) => loader.receive(message),
  });
  return { observer, hooks };
}
