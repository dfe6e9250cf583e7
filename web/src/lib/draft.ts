import { useCallback, useState } from 'react';

const PREFIX = 'laogao.draft.';
/** The member whose drafts this tab holds (each draft also names its owner). */
const OWNER_KEY = 'laogao.draftOwner';

interface StoredDraft<T> {
  owner: string | null;
  value: T;
}

const owner = (): string | null => sessionStorage.getItem(OWNER_KEY);

function draftKeys(): string[] {
  const keys: string[] = [];
  for (let index = 0; index < sessionStorage.length; index += 1) {
    const key = sessionStorage.key(index);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  return keys;
}

function read(storageKey: string): StoredDraft<unknown> | null {
  const stored = sessionStorage.getItem(storageKey);
  if (stored === null) return null;
  try {
    const parsed: unknown = JSON.parse(stored);
    if (typeof parsed === 'object' && parsed !== null && 'owner' in parsed && 'value' in parsed) {
      const { owner: draftOwner, value } = parsed;
      if (typeof draftOwner === 'string' || draftOwner === null)
        return { owner: draftOwner, value };
    }
  } catch {
    // not ours
  }
  return null;
}

/** Every draft of this tab goes (logging out). */
export function forgetDrafts(): void {
  for (const key of draftKeys()) sessionStorage.removeItem(key);
  sessionStorage.removeItem(OWNER_KEY);
}

/**
 * The drafts of this tab belong to `memberId` from now on: another member's are dropped,
 * drafts typed before anyone was known (a fresh tab still loading its member) are kept.
 * `true` when the tab held another member's data.
 */
export function ownDrafts(memberId: string): boolean {
  const previous = owner();
  for (const key of draftKeys()) {
    const draft = read(key);
    if (draft?.owner === memberId) continue;
    if (draft && draft.owner === null && previous === null) {
      sessionStorage.setItem(key, JSON.stringify({ owner: memberId, value: draft.value }));
    } else {
      sessionStorage.removeItem(key);
    }
  }
  sessionStorage.setItem(OWNER_KEY, memberId);
  return previous !== null && previous !== memberId;
}

/**
 * State kept in sessionStorage as it is typed, so a form survives a reload or an expired
 * session (the login page comes back to it). `clear()` once it has been sent. A draft is
 * stored with its owner and only ever read back by that member.
 */
export function useDraft<T>(key: string, initial: T): [T, (value: T) => void, () => void] {
  const storageKey = `${PREFIX}${key}`;
  const [value, setValue] = useState<T>(() => {
    const draft = read(storageKey);
    return draft && draft.owner === owner() ? (draft.value as T) : initial;
  });
  const set = useCallback(
    (next: T) => {
      setValue(next);
      const draft: StoredDraft<T> = { owner: owner(), value: next };
      sessionStorage.setItem(storageKey, JSON.stringify(draft));
    },
    [storageKey],
  );
  const clear = useCallback(() => sessionStorage.removeItem(storageKey), [storageKey]);
  return [value, set, clear];
}
