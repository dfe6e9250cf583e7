import { useQuery } from '@tanstack/react-query';
import {
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type TextareaHTMLAttributes,
} from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { mentionQueryAt, mentionTag } from '../lib/mentions';
import type { MentionSuggestion } from '../lib/types';

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> & {
  value: string;
  onValueChange: (value: string) => void;
};

/** Waits this long after the last keystroke before asking for names. */
const DEBOUNCE_MS = 150;

/**
 * A textarea with `@` autocomplete: typing `@` and the start of a name lists up to eight
 * members; choosing one (click, Enter or Tab) inserts `@[displayName](memberId)`, which the
 * server renders as a link to the profile and which tells that member.
 */
export function MentionTextarea({ value, onValueChange, onKeyDown, ...rest }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const typed = mentionQueryAt(value, caret);
  const [query, setQuery] = useState<string | null>(null);

  useEffect(() => {
    const next = typed?.query ?? null;
    const timer = setTimeout(() => setQuery(next), next ? DEBOUNCE_MS : 0);
    return () => clearTimeout(timer);
  }, [typed?.query]);

  const suggestions = useQuery({
    queryKey: ['members', 'suggest', query],
    queryFn: () => api<MentionSuggestion[]>('/members/suggest', { query: { q: query ?? '' } }),
    enabled: query !== null,
    staleTime: 30_000,
  });
  const items =
    typed && query === typed.query && dismissed !== typed.query ? (suggestions.data ?? []) : [];
  const open = items.length > 0;

  useEffect(() => setActive(0), [query]);

  const choose = (member: MentionSuggestion) => {
    if (!typed) return;
    const tag = `${mentionTag(member)} `;
    const next = value.slice(0, typed.start) + tag + value.slice(caret);
    const at = typed.start + tag.length;
    onValueChange(next);
    setCaret(at);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(at, at);
    });
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : items.length - 1;
        setActive((index) => (index + step) % items.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const chosen = items[Math.min(active, items.length - 1)];
        if (chosen) choose(chosen);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(typed?.query ?? null);
        return;
      }
    }
    onKeyDown?.(event);
  };

  const track = () => setCaret(ref.current?.selectionStart ?? value.length);

  return (
    <div className="mention-field">
      <textarea
        {...rest}
        ref={ref}
        value={value}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-expanded={open}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(event) => {
          onValueChange(event.target.value);
          setCaret(event.target.selectionStart);
          setDismissed(null);
        }}
        onSelect={track}
        onClick={track}
        onKeyDown={keyDown}
      />
      {open && (
        <ul className="mention-list" id={listId} role="listbox" aria-label={t('mentions.list')}>
          {items.map((member, index) => (
            <li
              key={member.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                // Keep the textarea's focus and caret: choose on press, not on blur.
                event.preventDefault();
                choose(member);
              }}
            >
              @{member.displayName}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
