import type { HostMessage } from './messages';

/** What the integration tests read of the decomposition panel beside the host's own state. */
export interface PanelRecord {
  /** Types of the messages posted to the webview, in order (the last 200). */
  posted: string[];
  /** Messages from the webview that failed validation, or asked for what the plan does not have, and were dropped. */
  ignoredMessages: number;
  notices: { level: string; message: string }[];
}

/** An observer that keeps what the panel posts and drops. Built only in test mode. */
export function recordingObserver(): {
  observer: { posted(message: HostMessage): void; ignored(): void };
  record(): PanelRecord;
} {
  const posted: string[] = [];
  const notices: PanelRecord['notices'] = [];
  let ignored = 0;
  return {
    observer: {
      posted: (message) => {
        posted.push(message.type);
        if (posted.length > 200) posted.splice(0, 100);
        if (message.type === 'notice') notices.push({ level: message.level, message: message.message });
      },
      ignored: () => {
        ignored++;
      },
    },
    record: () => ({ posted: [...posted], ignoredMessages: ignored, notices: [...notices] }),
  };
}
