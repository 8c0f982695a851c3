import type { AssistantId } from './finding';
import type { Translate } from './translate';

/** The assistants' names in the user's language (messages, the walkthrough); the catalog's displayName stays the English one. */
export function assistantName(id: AssistantId, t: Translate): string {
  switch (id) {
    case 'sql':
      return t('query optimizer');
    case 'k8s':
      return t('HPA reviewer');
    case 'react':
      return t('frontend optimizer');
    case 'decomposition':
      return t('decomposition planner');
  }
}
