import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { api } from '../lib/api';
import type { ModeratedMember, Page } from '../lib/types';

/**
 * A search over members as moderators see them (`GET /api/moderation/members?q=`) and the
 * list it finds, each member drawn by `row`: the members tab and the admins' roles tab.
 */
export function MemberSearch({
  inputId,
  label,
  queryKey,
  listClassName = 'stack',
  row,
}: {
  inputId: string;
  label: string;
  /** The query's key under `['moderation', …]`, which the rows' mutations invalidate. */
  queryKey: string;
  listClassName?: string;
  row: (member: ModeratedMember) => ReactNode;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const members = useQuery({
    queryKey: ['moderation', queryKey, search],
    queryFn: () => api<Page<ModeratedMember>>('/moderation/members', { query: { q: search } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(q.trim());
  };
  return (
    <>
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor={inputId} className="sr-only">
          {label}
        </label>
        <input
          id={inputId}
          type="search"
          placeholder={label}
          value={q}
          onChange={(event) => setQ(event.target.value)}
        />
        <button type="submit">{t('common.search')}</button>
      </form>
      {members.isPending && <Loading />}
      {members.isError && <ErrorNote error={members.error} />}
      {members.data?.items.length === 0 && <Empty>{t('mod.queueEmpty')}</Empty>}
      <ul className={listClassName}>{members.data?.items.map(row)}</ul>
    </>
  );
}
